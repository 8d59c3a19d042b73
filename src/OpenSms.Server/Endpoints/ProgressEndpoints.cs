using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;
using OpenSms.Server.Ingest;
using OpenSms.Server.Metrics;

namespace OpenSms.Server.Endpoints;

/// <summary>The hot path: agents report subtask progress and speed (UpdateTaskSpeed, the seed page).</summary>
public static class ProgressEndpoints
{
    public static IEndpointRouteBuilder MapProgress(this IEndpointRouteBuilder app)
    {
        app.MapPut("/v3/tasks/{task_id}/progress", Report).WithTags("Tasks").RequireAuthorization().RequireProgressLimit();
        return app;
    }

    /// <summary>Answers 200 <c>{}</c> only after the report's transaction has committed.</summary>
    static async Task<Results<EmptyJson, SmsError>> Report(
        string task_id, HttpRequest request, Caller caller, ProgressWriter writer, TimeProvider clock, OpenSmsMetrics metrics, CancellationToken ct)
    {
        var result = await StoreAsync(task_id, request, caller, writer, clock, ct);
        if (result.Result is SmsError error) metrics.Rejected(error.Body.ErrorCode);
        else metrics.Accepted();
        return result;
    }

    static async Task<Results<EmptyJson, SmsError>> StoreAsync(
        string task_id, HttpRequest request, Caller caller, ProgressWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.ProgressRequest, ct);
        if (body.Error is not null) return body.Error;
        var validated = ProgressValidator.Validate(body.Value!, task_id, caller.DomainId, clock.GetUtcNow().ToUnixTimeMilliseconds());
        if (validated.Errors is { } errors) return SmsError.Invalid(errors);

        var result = await writer.SubmitAsync(validated.Value!, ct);
        return result.Status switch
        {
            ProgressStatus.Applied => EmptyJson.Instance,
            ProgressStatus.TaskNotFound => SmsError.NotFound("task", task_id),
            ProgressStatus.StateConflict => SmsError.Conflict($"The task is {result.State}; progress is accepted only while it is READY, RUNNING, SYNCING or ABORTING.", result.State!),
            _ => SmsError.StorageUnavailable(),
        };
    }
}
