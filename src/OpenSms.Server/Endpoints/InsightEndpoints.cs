using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>A task's report history, downsampled (extension; docs/insight.md).</summary>
public static class InsightEndpoints
{
    const int MaxBuckets = 10_000;
    static readonly TimeSpan DefaultSpan = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapInsight(this IEndpointRouteBuilder app)
    {
        var ext = app.MapGroup("/v3/opensms/tasks/{task_id}").WithTags("Tasks").RequireAuthorization();
        ext.MapGet("/samples", Samples);
        return app;
    }

    /// <summary>
    /// Reports received in [from, to) in buckets of <c>step</c> seconds, each with its count and every
    /// numeric field's avg and max. <c>to</c> defaults to now, <c>from</c> to an hour before it, step to 60.
    /// </summary>
    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> Samples(
        string task_id, HttpRequest request, Caller caller, IInsightStore store, TimeProvider clock, CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        var step = q.Number("step", 60, 1, 86_400);
        var to = Instant(q, "to") ?? clock.GetUtcNow().ToUnixTimeMilliseconds();
        var from = Instant(q, "from") ?? to - (long)DefaultSpan.TotalMilliseconds;
        if (!q.Errors.Any && to <= from) q.Errors.Add("to", "must be later than from");
        else if (!q.Errors.Any && (to - from) / (step * 1000L) >= MaxBuckets)
            q.Errors.Add("step", string.Create(CultureInfo.InvariantCulture, $"must leave at most {MaxBuckets} buckets between from and to"));
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);

        var buckets = await store.BucketsAsync(caller.DomainId, task_id, from, to, step * 1000L, ct);
        if (buckets is null) return SmsError.NotFound("task", task_id);
        var body = new JsonObject
        {
            ["task_id"] = task_id, ["from"] = from, ["to"] = to, ["step"] = step,
            ["buckets"] = new JsonArray(buckets.Select(b => (JsonNode?)BucketJson(b)).ToArray()),
        };
        return TypedResults.Json(body, SmsJson.Default.JsonObject);
    }

    static JsonObject BucketJson(SampleBucket b)
    {
        var o = new JsonObject { ["start"] = b.Start, ["count"] = b.Count };
        foreach (var (field, (avg, max)) in b.Fields)
            if (avg is not null) o[field] = new JsonObject { ["avg"] = avg, ["max"] = max };
        return o;
    }

    /// <summary>Epoch milliseconds, or an ISO-8601 instant with an offset; null when absent.</summary>
    static long? Instant(QueryArgs q, string name)
    {
        var text = q.Text(name, 64);
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return ms;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return instant.ToUnixTimeMilliseconds();
        q.Errors.Add(name, "must be epoch milliseconds or an ISO-8601 instant, e.g. 2026-03-02T10:00:00Z");
        return null;
    }
}
