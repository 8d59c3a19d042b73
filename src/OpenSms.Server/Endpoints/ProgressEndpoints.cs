using Microsoft.AspNetCore.Authentication;
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
        // A plain request delegate with its singletons at hand: no parameter binding from each
        // request's services, and no authorization policy to evaluate (see Report).
        var services = new Singletons(app.ServiceProvider);
        app.MapPut("/v3/tasks/{task_id}/progress", (RequestDelegate)(context => Report(context, services.Writer, services.Clock, services.Metrics)))
            .WithTags("Tasks").RequireProgressLimit();
        return app;
    }

    /// <summary>Resolved at the first report, once the host has started, not while Program runs.</summary>
    sealed class Singletons(IServiceProvider services)
    {
        ProgressWriter? writer;
        TimeProvider? clock;
        OpenSmsMetrics? metrics;

        public ProgressWriter Writer => writer ??= services.GetRequiredService<ProgressWriter>();
        public TimeProvider Clock => clock ??= services.GetRequiredService<TimeProvider>();
        public OpenSmsMetrics Metrics => metrics ??= services.GetRequiredService<OpenSmsMetrics>();
    }

    /// <summary>
    /// Answers 200 <c>{}</c> only after the report's transaction has committed. The endpoint asks
    /// for authentication itself, as RequireAuthorization's policy would (an authenticated caller,
    /// nothing more): without one, the same challenge, so the same 401.
    /// </summary>
    static async Task Report(HttpContext context, ProgressWriter writer, TimeProvider clock, OpenSmsMetrics metrics)
    {
        if (context.Features.Get<Caller>() is not { } caller)
        {
            await context.ChallengeAsync();
            return;
        }
        var taskId = (string)context.Request.RouteValues["task_id"]!;
        var result = await StoreAsync(taskId, context.Request, caller, writer, clock, context.RequestAborted);
        if (result.Result is SmsError error) metrics.Rejected(error.Body.ErrorCode);
        else metrics.Accepted();
        await result.Result.ExecuteAsync(context);
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
