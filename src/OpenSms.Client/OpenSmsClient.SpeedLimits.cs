using System.Globalization;
using System.Text.Json.Nodes;
using OpenSms.Core.Contracts;

namespace OpenSms.Client;

public sealed partial class OpenSmsClient
{
    /// <summary>A task's speed-limit windows (ShowsSpeedLimits); an empty list when it has none.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<SpeedLimitBody> GetSpeedLimitAsync(string taskId, CancellationToken ct = default) =>
        SendAsync<SpeedLimitBody>(HttpMethod.Get, $"/v3/tasks/{Escape(taskId)}/speed-limit", null, ct);

    /// <summary>Replaces a task's speed-limit windows (UpdateSpeed); an empty list removes them all.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="limits">0–5 windows, and optionally the time zone (extension).</param>
    /// <param name="ct">Cancels the request.</param>
    public Task SetSpeedLimitAsync(string taskId, SpeedLimitBody limits, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"/v3/tasks/{Escape(taskId)}/speed-limit", limits, ct);

    /// <summary>
    /// Extension: which limit applies when over [from, to) as segments
    /// (<c>{"time_zone", "segments": [{"from","to","limit_mbps","window_index","over_speed_threshold"}]}</c>).
    /// </summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="from">The start; now when null.</param>
    /// <param name="to">The end; one day after the start when null (at most 31 days).</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<JsonObject> GetSpeedTimelineAsync(string taskId, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, WithQuery($"/v3/opensms/tasks/{Escape(taskId)}/speed-limit/timeline",
            ("from", Iso(from)), ("to", Iso(to))), null, ct);

    /// <summary>Extension: the task's over-speed episodes, newest first (<c>{"overspeed_events": [...]}</c>).</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<JsonObject> ListOverspeedEventsAsync(string taskId, CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, $"/v3/opensms/tasks/{Escape(taskId)}/overspeed-events", null, ct);

    static string? Iso(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
