using OpenSms.Server.Endpoints;

namespace OpenSms.Server;

/// <summary>
/// The SMS surface beyond tasks, sources and progress: API versions, agent configuration, network
/// check, consistency checks, per-task settings, secure channel, log collection, migration
/// projects, VM templates and source details.
/// </summary>
public static class SurfaceSetup
{
    public static IServiceCollection AddSmsSurface(this IServiceCollection services)
    {
        services.AddOptions<AgentConfigOptions>().BindConfiguration(AgentConfigOptions.Section);
        // Its stores are the storage provider's: AddSqliteStorage and AddPostgresStorage register them.
        return services;
    }

    public static IEndpointRouteBuilder MapSmsSurface(this IEndpointRouteBuilder app)
    {
        app.MapVersions();
        app.MapAgentConfig();
        app.MapNetworkCheck();
        app.MapConsistency();
        app.MapConfigSettings();
        app.MapSecureChannel();
        app.MapLogCollection();
        app.MapMigProjects();
        app.MapTemplates();
        app.MapSourceDetails();
        return app;
    }
}
