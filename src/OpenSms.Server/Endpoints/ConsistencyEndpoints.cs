using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>Consistency checks: the agent uploads each check's summary, operators read or export them (reference §2.11).</summary>
public static class ConsistencyEndpoints
{
    public static IEndpointRouteBuilder MapConsistency(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/tasks").WithTags("Tasks").RequireAuthorization();
        g.MapGet("/{task_id}/consistency-result", Show);
        g.MapPost("/{task_id}/consistency-result", Update);
        g.MapPost("/consistency-results/export", Export);
        return app;
    }

    public const string Consistent = "consistent";
    public const string Inconsistent = "inconsistent";

    /// <summary>Every check the agent uploaded, oldest first, each with its directories.</summary>
    static async Task<Results<JsonHttpResult<ShowConsistencyResultResponse>, SmsError>> Show(
        string task_id, Caller caller, IConsistencyStore store, CancellationToken ct)
    {
        var runs = await store.ListAsync(caller.DomainId, task_id, ct);
        if (runs is null) return SmsError.NotFound("task", task_id);
        var list = runs.Select(r => new ConsistencyResultList(r.FinishedTime, r.CheckResult, Rows(r))).ToList();
        return TypedResults.Json(new ShowConsistencyResultResponse(task_id, list), SurfaceJson.Default.ShowConsistencyResultResponse);
    }

    /// <summary>One upload is one check, finished when the server receives it; it is inconsistent when any file differs or is missing or extra.</summary>
    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Update(
        string task_id, HttpRequest request, Caller caller, IConsistencyStore store, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.SetConsistencyResultRequest, ct);
        if (body.Error is not null) return body.Error;
        var items = body.Value!.ConsistencyResult;
        var errors = new ValidationErrors();
        if (items is null) errors.Missing("consistency_result");
        else if (items.Count > 1000) errors.Add("consistency_result", "must list at most 1000 directories");
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var name = $"consistency_result[{i}]";
            if (items![i] is not { } item)
            {
                errors.Add(name, "must be an object");
                continue;
            }
            if (item.DirCheck is null) errors.Missing(name + ".dir_check");
            errors.Length(name + ".dir_check", item.DirCheck, 0, 4096);
            Count(errors, name + ".num_total_files", item.NumTotalFiles);
            Count(errors, name + ".num_different_files", item.NumDifferentFiles);
            Count(errors, name + ".num_target_miss_files", item.NumTargetMissFiles);
            Count(errors, name + ".num_target_more_files", item.NumTargetMoreFiles);
        }
        if (errors.Any) return SmsError.Invalid(errors);

        var rows = items!.Select(i => i!).ToList();
        var clean = rows.All(r => r.NumDifferentFiles == 0 && r.NumTargetMissFiles == 0 && r.NumTargetMoreFiles == 0);
        var run = new ConsistencyRun(clock.GetUtcNow().ToUnixTimeMilliseconds(), clean ? Consistent : Inconsistent,
            JsonSerializer.Serialize(rows, SurfaceJson.Default.ListConsistencyResult));
        return await store.AddAsync(caller.DomainId, task_id, run, ct)
            ? TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse)
            : SmsError.NotFound("task", task_id);
    }

    /// <summary>A CSV file of the latest check of each task, headers in the language of <c>X-Language</c> (en-us or zh-cn).</summary>
    static async Task<Results<FileContentHttpResult, SmsError>> Export(
        HttpRequest request, Caller caller, ITaskStore tasks, IConsistencyStore store, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.ExportConsistencyRequest, ct);
        if (body.Error is not null) return body.Error;
        var infos = body.Value!.TaskInfo;
        var errors = new ValidationErrors();
        if (infos is not { Count: > 0 and <= 100 }) errors.Add("task_info", "must list 1 to 100 tasks");
        for (var i = 0; i < (infos?.Count ?? 0); i++)
        {
            if (string.IsNullOrEmpty(infos![i]?.TaskId)) errors.Missing($"task_info[{i}].task_id");
            else errors.Length($"task_info[{i}].task_id", infos[i]!.TaskId, 1, 36);
        }
        if (errors.Any) return SmsError.Invalid(errors);

        var csv = new ConsistencyCsv(ConsistencyCsv.IsChinese(request.Headers["X-Language"].ToString()));
        foreach (var info in infos!)
        {
            var taskId = info!.TaskId!;
            var task = await tasks.FindAsync(caller.DomainId, taskId, ct);
            var runs = task is null ? null : await store.ListAsync(caller.DomainId, taskId, ct);
            if (task is null || runs is null) return SmsError.NotFound("task", taskId);
            var latest = runs.Count == 0 ? null : runs[^1];
            csv.Add(taskId, task.Task.SourceServerId, task.Source?.Name ?? info.SourceName ?? "", latest, latest is null ? [] : Rows(latest));
        }
        return TypedResults.File(csv.ToBytes(), "text/csv; charset=utf-8", "consistency-results.csv");
    }

    static List<ConsistencyResult> Rows(ConsistencyRun run) =>
        JsonSerializer.Deserialize(run.ResultsJson, SurfaceJson.Default.ListConsistencyResult) ?? [];

    static void Count(ValidationErrors errors, string field, long? value)
    {
        if (value is null) errors.Missing(field);
        else errors.Range(field, value.Value, 0, int.MaxValue);
    }
}
