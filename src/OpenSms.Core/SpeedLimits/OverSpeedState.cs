using OpenSms.Core.Tasks;

namespace OpenSms.Core.SpeedLimits;

/// <summary>What the detector needs from a progress report.</summary>
/// <param name="ReceivedAt">The server's receive time; runs are timed on it, since agents' clocks drift.</param>
/// <param name="AgentTime">The agent's own clock, which picks the window when present.</param>
/// <param name="MigrateSpeed">Mbit/s as reported; null when the report carried none.</param>
public readonly record struct SpeedObservation(DateTimeOffset ReceivedAt, AgentTime? AgentTime, double? MigrateSpeed)
{
    public static SpeedObservation From(ProgressReport report) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(report.ReceivedAt), report.AgentTime, report.MigrateSpeed);
}

/// <summary>One over-speed report, judged against the limit in force at its own time.</summary>
/// <param name="At">Server receive time.</param>
/// <param name="AgentLocal">The agent's wall clock, when it sent one.</param>
/// <param name="SpeedMbps">The reported speed.</param>
/// <param name="LimitMbps">The limit it was judged against.</param>
/// <param name="OverSpeedThreshold">The threshold it was judged with, in percent.</param>
/// <param name="WindowIndex">The window in force, or null for the task's own limit.</param>
/// <param name="ClockSkewSeconds">The agent's clock minus the server's (see <see cref="ClockSkew"/>), when it sent agent_time.</param>
public sealed record OverSpeedSample(
    DateTimeOffset At, DateTime? AgentLocal, double SpeedMbps, int LimitMbps, double OverSpeedThreshold, int? WindowIndex,
    double? ClockSkewSeconds = null);

/// <summary>
/// A task's current run of consecutive over-speed reports; plain data, so the server may keep it in
/// memory or serialize it. Start from <see cref="Empty"/>.
/// </summary>
public sealed record OverSpeedState
{
    public static readonly OverSpeedState Empty = new();

    /// <summary>The newest receive time seen, so a report that arrives late cannot rewrite the run.</summary>
    public DateTimeOffset? LastReportAt { get; init; }

    /// <summary>The first report of the run; null when there is no run.</summary>
    public DateTimeOffset? RunStartedAt { get; init; }

    /// <summary>Every report of the run, including those dropped from <see cref="Samples"/>.</summary>
    public int RunReports { get; init; }

    public double PeakMbps { get; init; }

    /// <summary>The window in force at the run's newest report; null for the task's own limit.</summary>
    public SpeedWindow? Window { get; init; }

    /// <summary>The run's newest reports, oldest first, at most <see cref="OverSpeedOptions.MaxSamples"/>.</summary>
    public IReadOnlyList<OverSpeedSample> Samples { get; init; } = [];
}

/// <summary>A finished run of over-speed reports, kept as an over-speed event.</summary>
/// <param name="StartedAt">Receive time of the run's first report.</param>
/// <param name="EndedAt">Receive time of the run's last over-speed report.</param>
/// <param name="Stopped">True when the run stopped the task; false when the speed came back or the reports paused.</param>
/// <param name="Window">The window in force at the last report; null when the task's own limit applied.</param>
/// <param name="LimitMbps">The limit in force at the last report.</param>
/// <param name="OverSpeedThreshold">The threshold in force at the last report.</param>
/// <param name="ReportCount">All reports of the run, though <paramref name="Samples"/> keeps only the newest.</param>
/// <param name="PeakMbps">The highest speed of the run.</param>
/// <param name="Samples">The newest reports, each with the limit it was judged against.</param>
public sealed record OverSpeedEpisode(
    DateTimeOffset StartedAt, DateTimeOffset EndedAt, bool Stopped, SpeedWindow? Window, int LimitMbps,
    double OverSpeedThreshold, int ReportCount, double PeakMbps, IReadOnlyList<OverSpeedSample> Samples);

/// <summary>What one report means for its task.</summary>
/// <param name="InForce">The limit the report was judged against.</param>
/// <param name="IsOver">Whether the report was over the limit plus threshold.</param>
/// <param name="Ended">A run this report ended without stopping the task, to keep as an event.</param>
/// <param name="Stopped">The run that stops the task: set it to ABORT with SMS.9010.</param>
public sealed record OverSpeedVerdict(SpeedLimitInForce InForce, bool IsOver, OverSpeedEpisode? Ended, OverSpeedEpisode? Stopped)
{
    public bool Stop => Stopped is not null;
}
