using OpenSms.Core.Storage;
using OpenSms.Server.Endpoints;
using OpenSms.Server.Storage.Sqlite;

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
        services.AddSingleton<ITaskSettingsStore, SqliteTaskSettingsStore>();
        services.AddSingleton<IConsistencyStore, SqliteConsistencyStore>();
        services.AddSingleton<ISecureChannelStore, SqliteSecureChannelStore>();
        services.AddSingleton<IMigProjectStore, SqliteMigProjectStore>();
        services.AddSingleton<ITemplateStore, SqliteTemplateStore>();
        services.AddSingleton<ISourceDetailStore, SqliteSourceDetailStore>();
        services.AddSingleton<IPrivacyStore, SqlitePrivacyStore>();
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
