namespace OpenSms.Core.Insight;

/// <summary>Every threshold of the ETA, health and bottleneck rules (docs/insight.md explains each).</summary>
public sealed record InsightOptions
{
    public static readonly InsightOptions Default = new();

    /// <summary>How much the newest interval's rate weighs in the moving average.</summary>
    public double EwmaAlpha { get; init; } = 0.3;
    /// <summary>Intervals needed before the observed rate is trusted over the agent's own speed.</summary>
    public int MinIntervals { get; init; } = 3;
    /// <summary>The newest intervals the median and the p10/p90 spread are taken over.</summary>
    public int RateWindow { get; init; } = 60;

    /// <summary>How far back reports are read for the rules; longer than <see cref="NoProgressAfter"/> so a stall can show.</summary>
    public TimeSpan History { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan NoReportAfter { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan NoProgressAfter { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>SLOW below this fraction of the task's own median rate.</summary>
    public double SlowFraction { get; init; } = 0.2;
    /// <summary>The newest intervals whose rate is compared with the median.</summary>
    public int RecentIntervals { get; init; } = 3;
    /// <summary>Intervals needed before a task can be called SLOW: a median of two says little.</summary>
    public int SlowMinIntervals { get; init; } = 6;

    /// <summary>At or above this fraction of the limit in force a task counts as throttled.</summary>
    public double ThrottledFraction { get; init; } = 0.9;
    public double AgentCpuBusyPercent { get; init; } = 80;
    public double SourceCpuBusyPercent { get; init; } = 90;
    /// <summary>Host disk I/O (Mbit/s) at which the source disk counts as saturated: about a spinning disk's 100 MB/s.</summary>
    public double SourceDiskBusyMbps { get; init; } = 800;
}
