using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// CollectLog (reference §2.11): records the request and moves <c>log_collect_status</c> to
/// UPLOADING. The agent is told to upload (UPLOAD_LOG with the bucket) on its next ShowCommand and
/// uploads to the bucket itself, which is outside OpenSms; its UPLOAD_LOG result ends the collection.
/// </summary>
public static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogCollection(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v3/tasks/{task_id}/log", Collect).WithTags("Tasks").RequireAuthorization();
        return app;
    }

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Collect(
        string task_id, HttpRequest request, Caller caller, ITaskSettingsStore settings, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.CollectLogRequest, ct);
        if (body.Error is not null) return body.Error;
        var bucket = body.Value!.LogBucket;
        var errors = new ValidationErrors();
        if (bucket is null) errors.Missing("log_bucket");
        errors.Length("log_bucket", bucket, 1, 255);
        if (bucket is not null && bucket.Any(char.IsWhiteSpace)) errors.Add("log_bucket", "may not contain white space");
        if (errors.Any) return SmsError.Invalid(errors);

        return await settings.RequestLogsAsync(caller.DomainId, task_id, bucket!, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct)
            ? TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse)
            : SmsError.NotFound("task", task_id);
    }
}
