using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// Migration projects (reference §1.3). Every account has a default project, created on first use
/// of this API; sources never moved elsewhere belong to it.
/// </summary>
public static class MigProjectEndpoints
{
    public static IEndpointRouteBuilder MapMigProjects(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/migprojects").WithTags("Migration projects").RequireAuthorization();
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapGet("/{mig_project_id}", Show);
        g.MapPut("/{mig_project_id}", Update);
        g.MapDelete("/{mig_project_id}", Delete);
        g.MapPut("/{mig_project_id}/default", SetDefault);
        return app;
    }

    static readonly string[] Types = ["MIGRATE_BLOCK", "MIGRATE_FILE"];

    static async Task<Results<JsonHttpResult<IdResponse>, SmsError>> Create(
        HttpRequest request, Caller caller, IMigProjectStore store, TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.MigProjectBody, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = Validate(r, creating: true);
        if (errors.Any) return SmsError.Invalid(errors);

        await EnsureDefaultAsync(caller, store, clock, options, ct);
        var project = Apply(r, new MigProject
        {
            Id = Ids.New(), DomainId = caller.DomainId, Name = r.Name!, Region = r.Region!, Type = r.Type!,
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        return await store.CreateAsync(project, ct) == MigProjectResult.NameTaken
            ? NameTaken(project.Name)
            : TypedResults.Json(new IdResponse(project.Id), SmsJson.Default.IdResponse);
    }

    static async Task<Results<JsonHttpResult<MigProjectsResponse>, SmsError>> List(
        HttpRequest request, Caller caller, IMigProjectStore store, TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        var limit = q.Number("limit", 50, 0, 100);
        var offset = q.Number("offset", 0, 0, 65535);
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        await EnsureDefaultAsync(caller, store, clock, options, ct);
        var (count, items) = await store.ListAsync(caller.DomainId, limit, offset, ct);
        return TypedResults.Json(new MigProjectsResponse(count, items.Select(ToResponse).ToList()), SurfaceJson.Default.MigProjectsResponse);
    }

    static async Task<Results<JsonHttpResult<MigProjectResponse>, SmsError>> Show(
        string mig_project_id, Caller caller, IMigProjectStore store, TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct)
    {
        await EnsureDefaultAsync(caller, store, clock, options, ct);
        var project = await store.FindAsync(caller.DomainId, mig_project_id, ct);
        return project is null
            ? SmsError.NotFound("migration project", mig_project_id)
            : TypedResults.Json(ToResponse(project), SurfaceJson.Default.MigProjectResponse);
    }

    /// <summary>Fields sent replace the project's; fields left out keep their value. <c>isdefault: true</c> makes it the default.</summary>
    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Update(
        string mig_project_id, HttpRequest request, Caller caller, IMigProjectStore store, TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.MigProjectBody, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = Validate(r, creating: false);
        if (errors.Any) return SmsError.Invalid(errors);

        await EnsureDefaultAsync(caller, store, clock, options, ct);
        var project = await store.FindAsync(caller.DomainId, mig_project_id, ct);
        if (project is null) return SmsError.NotFound("migration project", mig_project_id);
        var updated = Apply(r, project) with { IsDefault = project.IsDefault || r.Isdefault is true };
        return await store.UpdateAsync(updated, ct) switch
        {
            MigProjectResult.NotFound => SmsError.NotFound("migration project", mig_project_id),
            MigProjectResult.NameTaken => NameTaken(updated.Name),
            _ => TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse),
        };
    }

    /// <summary>The default project cannot go; another project's sources return to the default.</summary>
    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Delete(
        string mig_project_id, Caller caller, IMigProjectStore store, TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct)
    {
        await EnsureDefaultAsync(caller, store, clock, options, ct);
        return await store.DeleteAsync(caller.DomainId, mig_project_id, ct) switch
        {
            MigProjectResult.NotFound => SmsError.NotFound("migration project", mig_project_id),
            MigProjectResult.IsDefault => SmsError.Conflict(
                $"The migration project {mig_project_id} is the default project; make another project the default first.", "isdefault"),
            _ => TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse),
        };
    }

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> SetDefault(
        string mig_project_id, Caller caller, IMigProjectStore store, TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct)
    {
        await EnsureDefaultAsync(caller, store, clock, options, ct);
        return await store.SetDefaultAsync(caller.DomainId, mig_project_id, ct) == MigProjectResult.NotFound
            ? SmsError.NotFound("migration project", mig_project_id)
            : TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse);
    }

    /// <summary>The account's default project; the first call on an account creates it.</summary>
    public static Task<MigProject> EnsureDefaultAsync(Caller caller, IMigProjectStore store, TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct) =>
        store.EnsureDefaultAsync(new MigProject
        {
            Id = Ids.New(), DomainId = caller.DomainId, Name = "default", Description = "The default migration project",
            IsDefault = true, Region = options.Value.Region, Type = "MIGRATE_BLOCK", CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, ct);

    static ValidationErrors Validate(MigProjectBody r, bool creating)
    {
        var errors = new ValidationErrors();
        if (creating && r.Name is null) errors.Missing("name");
        errors.Length("name", r.Name, 1, 100);
        errors.Length("description", r.Description, 0, 255);
        if (creating && r.Region is null) errors.Missing("region");
        errors.Length("region", r.Region, 0, 100);
        if (r.SpeedLimit is { } speed) errors.Range("speed_limit", speed, 0, 1000);
        if (creating && r.Type is null) errors.Missing("type");
        errors.OneOf("type", r.Type, Types);
        errors.Length("enterprise_project", r.EnterpriseProject, 0, 255);
        return errors;
    }

    static MigProject Apply(MigProjectBody r, MigProject p) => p with
    {
        Name = r.Name ?? p.Name, Description = r.Description ?? p.Description, IsDefault = r.Isdefault ?? p.IsDefault,
        Region = r.Region ?? p.Region, StartTargetServer = r.StartTargetServer ?? p.StartTargetServer,
        SpeedLimit = (int?)r.SpeedLimit ?? p.SpeedLimit, UsePublicIp = r.UsePublicIp ?? p.UsePublicIp,
        ExistServer = r.ExistServer ?? p.ExistServer, Type = r.Type ?? p.Type,
        EnterpriseProject = r.EnterpriseProject ?? p.EnterpriseProject, Syncing = r.Syncing ?? p.Syncing,
        StartNetworkCheck = r.StartNetworkCheck ?? p.StartNetworkCheck,
    };

    static MigProjectResponse ToResponse(MigProject p) =>
        new(p.Id, p.Name, p.Description, p.IsDefault, p.Region, p.StartTargetServer, p.SpeedLimit, p.UsePublicIp,
            p.ExistServer, p.Type, p.EnterpriseProject, p.Syncing) { StartNetworkCheck = p.StartNetworkCheck };

    static SmsError NameTaken(string name) =>
        SmsError.Conflict($"A migration project named {name} already exists; project names are unique.", "name");
}
