using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;
using OpenSms.Server.Insight;

namespace OpenSms.Server.Endpoints;

/// <summary>Migration tasks (reference §1.1, §2.1–2.6).</summary>
public static partial class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/tasks").WithTags("Tasks").RequireAuthorization();
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapPost("/delete", DeleteMany);
        g.MapGet("/{task_id}", Show);
        g.MapPut("/{task_id}", Update);
        g.MapDelete("/{task_id}", Delete);
        g.MapPost("/{task_id}/action", Action);
        return app;
    }

    static readonly string[] Types = ["MIGRATE_FILE", "MIGRATE_BLOCK"];
    static readonly string[] OsTypes = ["WINDOWS", "LINUX"];

    /// <summary>Fields kept in columns rather than in the task's spec.</summary>
    static readonly string[] ColumnFields =
        ["id", "name", "type", "os_type", "state", "source_server", "priority", "speed_limit", "need_migration_test",
         "enterprise_project_id", "enterprise_project", "auto_start"];

    [GeneratedRegex(@"^[\u4e00-\u9fa5A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TaskName();

    static async Task<Results<JsonHttpResult<IdResponse>, SmsError>> Create(
        HttpRequest request, Caller caller, ITaskStore tasks, ISourceStore sources, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.CreateTaskRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        if (r.Name is null) errors.Missing("name");
        else if (!TaskName().IsMatch(r.Name)) errors.Add("name", "must be 1 to 64 letters, digits, CJK characters, _ or -");
        if (r.Type is null) errors.Missing("type");
        errors.OneOf("type", r.Type, Types);
        errors.OneOf("os_type", r.OsType, OsTypes);
        if (string.IsNullOrEmpty(r.SourceServer?.Id)) errors.Missing("source_server.id");
        if (r.TargetServer is null) errors.Missing("target_server");
        else if (r.TargetServer.Value.ValueKind != JsonValueKind.Object) errors.Add("target_server", "must be an object");
        foreach (var (field, value) in new[] { ("region_name", r.RegionName), ("region_id", r.RegionId), ("project_name", r.ProjectName), ("project_id", r.ProjectId) })
        {
            if (value is null) errors.Missing(field);
            else errors.Length(field, value, 0, 255);
        }
        CheckCommon(errors, r.Priority, r.SpeedLimit, r.MigrationIp, r.UseIpv6, r.EnterpriseProjectId);
        errors.Range("over_speed_threshold", r.OverSpeedThreshold, 0, 100);
        errors.Length("vm_template_id", r.VmTemplateId, 0, 255);
        errors.Length("clonevm_template_id", r.ClonevmTemplateId, 0, 255);
        if (errors.Any) return SmsError.Invalid(errors);

        var source = await sources.FindAsync(caller.DomainId, r.SourceServer!.Id!, ct);
        if (source is null) return SmsError.NotFound("source server", r.SourceServer.Id!);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var autoStart = r.AutoStart is true;
        var task = new MigrationTask
        {
            Id = Ids.New(), DomainId = caller.DomainId,
            EnterpriseProjectId = r.EnterpriseProjectId ?? source.Source.EnterpriseProjectId,
            Name = r.Name!, Type = r.Type!, OsType = r.OsType ?? source.Source.OsType,
            State = autoStart ? TaskStates.Running : TaskStates.Ready, StartDate = autoStart ? now : null,
            SourceServerId = source.Source.Id, Priority = (int)(r.Priority ?? 1), SpeedLimit = (int)(r.SpeedLimit ?? 0),
            NeedMigrationTest = r.NeedMigrationTest ?? false, CreateDate = now,
            SpecJson = Views.Spec(body.Raw, ColumnFields),
        };
        var (result, existing) = await tasks.CreateAsync(task, ct);
        return result switch
        {
            CreateTaskResult.SourceNotFound => SmsError.NotFound("source server", task.SourceServerId),
            CreateTaskResult.SourceHasTask => SmsError.Conflict($"The source server {task.SourceServerId} already has task {existing}.", "source_server.id"),
            _ => TypedResults.Json(new IdResponse(task.Id), SmsJson.Default.IdResponse),
        };
    }

    static async Task<Results<WrittenJson, SmsError>> List(
        HttpRequest request, Caller caller, ITaskStore tasks, TaskInsights insights, TimeProvider clock, IOptions<ServerOptions> options,
        CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        var query = new TaskQuery(q.OneOf("state", TaskStates.Filterable.ToArray()), q.Text("name"), q.Text("id", 36),
            q.Text("source_server_id", 36), q.Text("enterprise_project_id"), q.Number("limit", 100, 0, 200), q.Number("offset", 0, 0, 65535));
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        var (count, items) = await tasks.ListAsync(caller.DomainId, query, ct);
        var since = SourceEndpoints.ConnectedSince(clock, options);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var insight = await insights.ForAsync(items, ct);
        return new WrittenJson(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", count);
            w.WriteStartArray("tasks");
            foreach (var i in items) TaskView.Write(w, new TaskView.Shown(i, since, now, insight.GetValueOrDefault(i.Task.Id)));
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    static async Task<Results<WrittenJson, SmsError>> Show(
        string task_id, Caller caller, ITaskStore tasks, TaskInsights insights, TimeProvider clock, IOptions<ServerOptions> options,
        CancellationToken ct)
    {
        var found = await tasks.FindAsync(caller.DomainId, task_id, ct);
        if (found is null) return SmsError.NotFound("task", task_id);
        var insight = (await insights.ForAsync([found], ct)).GetValueOrDefault(task_id);
        var shown = new TaskView.Shown(found, SourceEndpoints.ConnectedSince(clock, options), clock.GetUtcNow().ToUnixTimeMilliseconds(), insight);
        return new WrittenJson(w => TaskView.Write(w, shown));
    }

    static async Task<Results<JsonHttpResult<IdResponse>, SmsError>> Update(
        string task_id, HttpRequest request, Caller caller, ITaskStore tasks, ScopeCache scopes, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.UpdateTaskRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        if (r.Name is not null && !TaskName().IsMatch(r.Name)) errors.Add("name", "must be 1 to 64 letters, digits, CJK characters, _ or -");
        errors.OneOf("type", r.Type, Types);
        CheckCommon(errors, null, r.SpeedLimit, r.MigrationIp, r.UseIpv6, r.EnterpriseProjectId ?? r.EnterpriseProject);
        if (r.TargetServer is { ValueKind: not JsonValueKind.Object }) errors.Add("target_server", "must be an object");
        if (errors.Any) return SmsError.Invalid(errors);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var found = await tasks.FindAsync(caller.DomainId, task_id, ct);
            if (found is null) return SmsError.NotFound("task", task_id);
            var t = found.Task;
            var updated = t with
            {
                Name = r.Name ?? t.Name, Type = r.Type ?? t.Type, SpeedLimit = (int?)r.SpeedLimit ?? t.SpeedLimit,
                EnterpriseProjectId = r.EnterpriseProjectId ?? r.EnterpriseProject ?? t.EnterpriseProjectId,
                SpecJson = Views.Spec(body.Raw, ColumnFields, Views.ParseSpec(t.SpecJson)),
            };
            if (await tasks.UpdateAsync(updated, t.State, ct) == UpdateResult.Updated)
            {
                await scopes.InvalidateTaskAsync(caller.DomainId, t.Id);
                return TypedResults.Json(new IdResponse(t.Id), SmsJson.Default.IdResponse);
            }
        }
        return SmsError.Conflict("The task changed while it was being updated; try again.", "state");
    }

    static Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Delete(string task_id, Caller caller, ITaskStore tasks, ScopeCache scopes, CancellationToken ct) =>
        DeleteAsync([task_id], caller, tasks, scopes, ct);

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> DeleteMany(HttpRequest request, Caller caller, ITaskStore tasks, ScopeCache scopes, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.IdsRequest, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Ids is not { Count: > 0 and <= 100 } ids || ids.Any(string.IsNullOrEmpty))
            return SmsError.Invalid("ids", "must list 1 to 100 ids");
        return await DeleteAsync(ids, caller, tasks, scopes, ct);
    }

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> DeleteAsync(
        IReadOnlyList<string> ids, Caller caller, ITaskStore tasks, ScopeCache scopes, CancellationToken ct)
    {
        var outcome = await tasks.DeleteAsync(caller.DomainId, ids, ct);
        if (outcome.Result == DeleteResult.Deleted) foreach (var id in ids) await scopes.InvalidateTaskAsync(caller.DomainId, id);
        return outcome.Result switch
        {
            DeleteResult.NotFound => SmsError.NotFound("task", outcome.Id!),
            DeleteResult.Busy => SmsError.Conflict($"The task {outcome.Id} is {outcome.State}; stop it before deleting it.", outcome.State!),
            _ => TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse),
        };
    }

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Action(
        string task_id, HttpRequest request, Caller caller, ITaskStore tasks, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.TaskActionRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        if (r.Operation is null) errors.Missing("operation");
        errors.OneOf("operation", r.Operation, TaskOperations.All);
        errors.Length("template_id", r.TemplateId, 0, 255);
        if (errors.Any) return SmsError.Invalid(errors);

        // Optimistic: the state may change under us (a report, the agent's acknowledgement); decide again then.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var found = await tasks.FindAsync(caller.DomainId, task_id, ct);
            if (found is null) return SmsError.NotFound("task", task_id);
            var t = found.Task;
            var outcome = TaskActions.Apply(t.State, r.Operation!, t.NeedMigrationTest);
            if (!outcome.Allowed) return SmsError.StateRule(outcome.ErrorCode!, TaskActions.RefusalMessage(outcome.ErrorCode!, t.State));
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var next = outcome.NewState ?? t.State;
            var updated = t with
            {
                State = next,
                StartDate = next == TaskStates.Running ? t.StartDate ?? now : t.StartDate,
                FinishDate = next is TaskStates.Running ? null : t.FinishDate,
                ErrorJson = outcome.ErrorJson ?? (next == TaskStates.Running ? null : t.ErrorJson),
                PendingCommand = outcome.Command ?? (next == t.State ? t.PendingCommand : null),
                // The agent reads start_network_check from its task to know a check is wanted.
                SpecJson = r.Operation == TaskOperations.NetworkCheck ? Views.WithFlag(t.SpecJson, "start_network_check") : t.SpecJson,
            };
            if (await tasks.UpdateAsync(updated, t.State, ct) == UpdateResult.Updated)
                return TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse);
        }
        return SmsError.Conflict("The task changed while the action was applied; try again.", "state");
    }

    static void CheckCommon(ValidationErrors errors, long? priority, long? speedLimit, string? migrationIp, bool? useIpv6, string? enterpriseProjectId)
    {
        if (priority is { } p) errors.Range("priority", p, 0, 2);
        if (speedLimit is { } s) errors.Range("speed_limit", s, 0, 10000);
        errors.Length("migration_ip", migrationIp, 0, 255);
        if (!string.IsNullOrEmpty(migrationIp))
        {
            var family = useIpv6 is true ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            if (!SourceEndpoints.IsAddress(migrationIp, family))
                errors.Add("migration_ip", useIpv6 is true ? "must be an IPv6 address" : "must be an IPv4 address");
        }
        errors.Length("enterprise_project_id", enterpriseProjectId, 1, 255);
    }
}
