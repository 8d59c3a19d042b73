using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Sources;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>Source servers: what agents register, and the command channel they poll (reference §1.2).</summary>
public static class SourceEndpoints
{
    public static IEndpointRouteBuilder MapSources(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/sources").WithTags("Sources").RequireAuthorization();
        g.MapPost("", Register);
        g.MapGet("", List);
        g.MapPost("/delete", DeleteMany);
        g.MapGet("/{source_id}", Show);
        g.MapDelete("/{source_id}", Delete);
        g.MapGet("/{source_id}/command", ShowCommand);
        g.MapPost("/{source_id}/command_result", UpdateCommandResult);
        return app;
    }

    static readonly string[] OsTypes = ["WINDOWS", "LINUX"];
    static readonly string[] Firmwares = ["BIOS", "UEFI"];

    static async Task<Results<JsonHttpResult<IdResponse>, SmsError>> Register(
        HttpRequest request, Caller caller, ISourceStore sources, ScopeCache scopes, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.RegisterServerRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        Require(errors, "name", r.Name, 1, 255);
        if (r.OsType is null) errors.Missing("os_type");
        errors.OneOf("os_type", r.OsType, OsTypes);
        Require(errors, "os_version", r.OsVersion, 0, 255);
        Require(errors, "agent_version", r.AgentVersion, 0, 255);
        if (r.Networks is null) errors.Missing("networks");
        else if (r.Networks.Any(n => n?.Mac is null)) errors.Add("networks.mac", "is required for every network");
        if (string.IsNullOrEmpty(r.Ip) && string.IsNullOrEmpty(r.Ipv6)) errors.Add("ip", "or ipv6 is required");
        if (!string.IsNullOrEmpty(r.Ip) && !IsAddress(r.Ip, AddressFamily.InterNetwork)) errors.Add("ip", "must be an IPv4 address");
        if (!string.IsNullOrEmpty(r.Ipv6) && !IsAddress(r.Ipv6, AddressFamily.InterNetworkV6)) errors.Add("ipv6", "must be an IPv6 address");
        errors.OneOf("firmware", r.Firmware, Firmwares);
        errors.OneOf("state", r.State, SourceStates.All);
        if (r.CpuQuantity is { } cpus) errors.Range("cpu_quantity", cpus, 0, int.MaxValue);
        if (r.Memory is { } memory) errors.Range("memory", memory, 0, long.MaxValue);
        errors.Length("enterprise_project_id", r.EnterpriseProjectId, 1, 255);
        if (errors.Any) return SmsError.Invalid(errors);

        // An agent re-registering after a restart sends its id back; anything else is a new source.
        var existing = r.Id is null ? null : await sources.FindAsync(caller.DomainId, r.Id, ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var source = new SourceServer
        {
            Id = existing?.Source.Id ?? Ids.New(), DomainId = caller.DomainId,
            EnterpriseProjectId = r.EnterpriseProjectId ?? existing?.Source.EnterpriseProjectId ?? "0",
            Name = r.Name!, Ip = NullIfEmpty(r.Ip), Ipv6 = NullIfEmpty(r.Ipv6), OsType = r.OsType!, OsVersion = r.OsVersion,
            Hostname = r.Hostname, AgentVersion = r.AgentVersion, State = r.State ?? "waiting",
            AddDate = existing?.Source.AddDate ?? now, LastVisitTime = now,
            RegistrationJson = Views.Spec(body.Raw, ["id", "enterprise_project_id"]),
        };
        await sources.RegisterAsync(source, ct);
        await scopes.InvalidateSourceAsync(caller.DomainId, source.Id);
        return TypedResults.Json(new IdResponse(source.Id), SmsJson.Default.IdResponse);
    }

    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> List(
        HttpRequest request, Caller caller, ISourceStore sources, TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        var since = ConnectedSince(clock, options);
        var limit = q.Number("limit", 200, 0, 200);
        var query = new SourceQuery(q.OneOf("state", SourceStates.All), q.Text("name"), q.Text("id", 36), q.Text("ip"),
            q.Text("ipv6"), q.Text("enterprise_project_id"), q.Bool("connected"), since,
            limit == 0 ? 200 : limit, q.Number("offset", 0, 0, int.MaxValue))
        {
            Migproject = q.Text("migproject"), MigrationCycle = q.OneOf("migration_cycle", CopyStates.MigrationCycles),
            IsConsistencyResultExist = q.Bool("is_consistency_result_exist"),
        };
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        var (count, items) = await sources.ListAsync(caller.DomainId, query, ct);
        var list = new JsonArray(items.Select(i => (JsonNode?)Views.Source(i, since)).ToArray());
        return TypedResults.Json(new JsonObject { ["count"] = count, ["source_servers"] = list }, SmsJson.Default.JsonObject);
    }

    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> Show(
        string source_id, Caller caller, ISourceStore sources, TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var found = await sources.FindAsync(caller.DomainId, source_id, ct);
        if (found is null) return SmsError.NotFound("source server", source_id);
        return TypedResults.Json(Views.Source(found, ConnectedSince(clock, options)), SmsJson.Default.JsonObject);
    }

    static Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Delete(string source_id, Caller caller, ISourceStore sources, ScopeCache scopes, CancellationToken ct) =>
        DeleteAsync([source_id], caller, sources, scopes, ct);

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> DeleteMany(HttpRequest request, Caller caller, ISourceStore sources, ScopeCache scopes, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.IdsRequest, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Ids is not { Count: > 0 and <= 100 } ids || ids.Any(string.IsNullOrEmpty))
            return SmsError.Invalid("ids", "must list 1 to 100 ids");
        return await DeleteAsync(ids, caller, sources, scopes, ct);
    }

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> DeleteAsync(
        IReadOnlyList<string> ids, Caller caller, ISourceStore sources, ScopeCache scopes, CancellationToken ct)
    {
        var outcome = await sources.DeleteAsync(caller.DomainId, ids, ct);
        // A deleted task's cache entry can only name a source that is gone too; it is never served again.
        if (outcome.Result == DeleteResult.Deleted) foreach (var id in ids) await scopes.InvalidateSourceAsync(caller.DomainId, id);
        return outcome.Result switch
        {
            DeleteResult.NotFound => SmsError.NotFound("source server", outcome.Id!),
            DeleteResult.Busy => SmsError.Conflict($"The source server {outcome.Id} is being migrated; its task is {outcome.State}. Stop the task first.", outcome.State!),
            _ => TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse),
        };
    }

    static async Task<Results<JsonHttpResult<CommandResponse>, SmsError>> ShowCommand(
        string source_id, Caller caller, ISourceStore sources, ITaskStore tasks, TimeProvider clock, CancellationToken ct)
    {
        if (!await sources.TouchAsync(caller.DomainId, source_id, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct))
            return SmsError.NotFound("source server", source_id);
        var task = await tasks.FindBySourceAsync(caller.DomainId, source_id, ct);
        var command = AgentCommands.ForTask(task?.State, LogCollectStatus.PendingCommand(task?.PendingCommand, task?.LogCollectStatus));
        var bucket = command == LogCollectStatus.UploadLog ? task?.LogBucket : null;
        return TypedResults.Json(new CommandResponse(command, new CommandParam(task?.Id, bucket)), SmsJson.Default.CommandResponse);
    }

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> UpdateCommandResult(
        string source_id, HttpRequest request, Caller caller, ISourceStore sources, ITaskStore tasks, ITaskSettingsStore settings,
        TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.CommandResultRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        if (r.CommandName is null) errors.Missing("command_name");
        errors.OneOf("command_name", r.CommandName, AgentCommands.Results);
        if (r.Result is null) errors.Missing("result");
        errors.OneOf("result", r.Result, ["success", "fail"]);
        if (errors.Any) return SmsError.Invalid(errors);

        if (!await sources.TouchAsync(caller.DomainId, source_id, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct))
            return SmsError.NotFound("source server", source_id);
        // The acknowledgement races operator actions; retry on a state change rather than overwrite it.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var task = await tasks.FindBySourceAsync(caller.DomainId, source_id, ct);
            if (task is null) break;
            var success = r.Result == "success";
            var next = AgentCommands.StateAfterResult(task.State, r.CommandName!, success);
            var pending = task.PendingCommand == r.CommandName ? null : task.PendingCommand;
            if (next is null && pending == task.PendingCommand) break;
            var updated = task with
            {
                State = next ?? task.State,
                PendingCommand = pending,
                ErrorJson = next == TaskStates.MigrateFail ? r.ResultDetail?.GetRawText() ?? task.ErrorJson : task.ErrorJson,
            };
            if (await tasks.UpdateAsync(updated, task.State, ct) != UpdateResult.Conflict) break;
        }
        if (r.CommandName == LogCollectStatus.UploadLog && await tasks.FindBySourceAsync(caller.DomainId, source_id, ct) is { } logged)
            await settings.SetLogResultAsync(caller.DomainId, logged.Id, r.Result == "success", clock.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        return TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse);
    }

    static void Require(ValidationErrors errors, string field, string? value, int min, int max)
    {
        if (value is null) errors.Missing(field);
        else errors.Length(field, value, min, max);
    }

    /// <summary>IPAddress.TryParse also takes shorthands such as "10" (0.0.0.10); IPv4 must be a dotted quad.</summary>
    internal static bool IsAddress(string text, AddressFamily family) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == family &&
        (family != AddressFamily.InterNetwork || address.ToString() == text);

    static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    internal static long ConnectedSince(TimeProvider clock, IOptions<ServerOptions> options) =>
        clock.GetUtcNow().AddSeconds(-options.Value.ConnectedSeconds).ToUnixTimeMilliseconds();
}
