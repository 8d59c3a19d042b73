using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core.Contracts;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// A task's speed limits by time of day (reference §2.8), and two read-only extensions: the limits
/// resolved over time, and the over-speed episodes the progress path recorded.
/// </summary>
public static class SpeedLimitEndpoints
{
    public static IEndpointRouteBuilder MapSpeedLimits(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/tasks/{task_id}/speed-limit").WithTags("Tasks").RequireAuthorization();
        g.MapGet("", Show);
        g.MapPost("", Replace);
        var ext = app.MapGroup("/v3/opensms/tasks/{task_id}").WithTags("Tasks").RequireAuthorization();
        ext.MapGet("/speed-limit/timeline", Timeline);
        ext.MapGet("/overspeed-events", Events);
        return app;
    }

    /// <summary>The windows as set; <c>time_zone</c> and <c>days</c> appear only when they were used.</summary>
    static async Task<Results<JsonHttpResult<SpeedLimitBody>, SmsError>> Show(string task_id, Caller caller, ITaskStore tasks, CancellationToken ct)
    {
        var limits = await tasks.GetSpeedLimitAsync(caller.DomainId, task_id, ct);
        if (limits is null) return SmsError.NotFound("task", task_id);
        return TypedResults.Json(limits.Schedule.ToBody(), SmsJson.Default.SpeedLimitBody);
    }

    /// <summary>Replaces the whole list; progress reports are judged by it from the next one on.</summary>
    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Replace(
        string task_id, HttpRequest request, Caller caller, ITaskStore tasks, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.SpeedLimitBody, ct);
        if (body.Error is not null) return body.Error;
        var validated = SpeedScheduleValidator.Validate(body.Value);
        if (validated.Errors is { } errors) return SmsError.Invalid(errors);

        return await tasks.SetSpeedLimitAsync(caller.DomainId, task_id, validated.Value!, ct) == UpdateResult.Updated
            ? TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse)
            : SmsError.NotFound("task", task_id);
    }

    /// <summary>Which limit applies when over [from, to), read in the schedule's zone as for reports without agent_time.</summary>
    static async Task<Results<JsonHttpResult<SpeedTimelineResponse>, SmsError>> Timeline(
        string task_id, string? from, string? to, Caller caller, ITaskStore tasks, TimeProvider clock, CancellationToken ct)
    {
        var range = TimelineRange.Parse(from, to, clock.GetUtcNow());
        if (range.Errors is { } errors) return SmsError.Invalid(errors);
        var limits = await tasks.GetSpeedLimitAsync(caller.DomainId, task_id, ct);
        if (limits is null) return SmsError.NotFound("task", task_id);

        var segments = SpeedTimeline.Build(limits.Schedule, limits.TaskDefault, range.Value).Select(s =>
            new SpeedTimelineSegment(s.From.ToUnixTimeMilliseconds(), s.To.ToUnixTimeMilliseconds(), s.LimitMbps, s.WindowIndex, s.OverSpeedThreshold));
        var response = new SpeedTimelineResponse(limits.Schedule.TimeZoneId ?? "UTC", segments.ToList());
        return TypedResults.Json(response, SmsJson.Default.SpeedTimelineResponse);
    }

    static async Task<Results<JsonHttpResult<OverSpeedEventsResponse>, SmsError>> Events(
        string task_id, Caller caller, ITaskStore tasks, CancellationToken ct)
    {
        var events = await tasks.ListOverSpeedEventsAsync(caller.DomainId, task_id, ct);
        if (events is null) return SmsError.NotFound("task", task_id);
        return TypedResults.Json(new OverSpeedEventsResponse(events.Select(ToView).ToList()), SmsJson.Default.OverSpeedEventsResponse);
    }

    static OverSpeedEventView ToView(OverSpeedEpisode e) => new(
        e.StartedAt.ToUnixTimeMilliseconds(), e.EndedAt.ToUnixTimeMilliseconds(), e.Stopped,
        e.Window is { } w
            ? new OverSpeedWindowView(w.Index, w.Start, w.End, w.SpeedMbps, w.OverSpeedThreshold, w.Days == WeekDays.All ? null : w.Days.ToNames())
            : null,
        e.LimitMbps, e.OverSpeedThreshold, e.ReportCount, e.PeakMbps,
        e.Samples.Select(s => new OverSpeedSampleView(
            s.At.ToUnixTimeMilliseconds(),
            s.AgentLocal?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            s.SpeedMbps, s.LimitMbps, s.OverSpeedThreshold, s.WindowIndex, s.ClockSkewSeconds)).ToList());
}
