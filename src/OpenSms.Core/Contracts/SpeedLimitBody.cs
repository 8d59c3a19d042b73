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
