namespace OpenSms.Core.Contracts;

/// <summary>
/// Body of <c>GET|POST /v3/tasks/{task_id}/speed-limit</c> (reference §2.8). <see cref="TimeZone"/> is
/// our extension: the IANA zone the windows are read in when a report carries no agent_time.
/// </summary>
public sealed record SpeedLimitBody
{
    public IReadOnlyList<SpeedLimitWindow?>? SpeedLimit { get; init; }
    public string? TimeZone { get; init; }
}

/// <summary>
/// One SpeedLimitlJson entry. Every field is nullable so the validator can name a missing one;
/// <see cref="Speed"/> is a long so an out-of-range number is a range error, not a type error.
/// <see cref="Days"/> ("Mon".."Sun") is our extension.
/// </summary>
public sealed record SpeedLimitWindow
{
    public string? Start { get; init; }
    public string? End { get; init; }
    public long? Speed { get; init; }
    public double? OverSpeedThreshold { get; init; }
    public IReadOnlyList<string>? Days { get; init; }
}

/// <summary>Extension: <c>GET /v3/opensms/tasks/{task_id}/speed-limit/timeline</c>. Times are epoch ms.</summary>
public sealed record SpeedTimelineResponse(string TimeZone, IReadOnlyList<SpeedTimelineSegment> Segments);

/// <summary>One stretch [From, To) with one limit; <see cref="WindowIndex"/> is null where the task's own limit applies.</summary>
public sealed record SpeedTimelineSegment(long From, long To, int LimitMbps, int? WindowIndex, double OverSpeedThreshold);

/// <summary>Extension: <c>GET /v3/opensms/tasks/{task_id}/overspeed-events</c>, newest first.</summary>
public sealed record OverSpeedEventsResponse(IReadOnlyList<OverSpeedEventView> OverspeedEvents);

/// <summary>One finished run of over-speed reports. Times are epoch ms.</summary>
public sealed record OverSpeedEventView(
    long StartedAt, long EndedAt, bool Stopped, OverSpeedWindowView? Window, int LimitMbps, double OverSpeedThreshold,
    int ReportCount, double PeakMbps, IReadOnlyList<OverSpeedSampleView> Samples);

/// <summary>The window in force at a run's last report, as it was defined then.</summary>
public sealed record OverSpeedWindowView(int Index, string Start, string End, int Speed, double OverSpeedThreshold, IReadOnlyList<string>? Days);

/// <summary>One over-speed report with the limit it was judged against.</summary>
public sealed record OverSpeedSampleView(
    long At, string? AgentTime, double MigrateSpeed, int LimitMbps, double OverSpeedThreshold, int? WindowIndex, double? ClockSkewSeconds);
