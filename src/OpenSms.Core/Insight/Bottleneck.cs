using OpenSms.Core.SpeedLimits;

namespace OpenSms.Core.Insight;

/// <summary>What most likely sets a migrating task's pace, from its newest telemetry and the limit in force.</summary>
public static class Bottleneck
{
    public const string ThrottledBySchedule = "throttled_by_schedule";
    public const string SourceCpu = "source_cpu";
    public const string SourceDisk = "source_disk";
    public const string AgentCpu = "agent_cpu";
    public const string Network = "network";
    public const string Unknown = "unknown";

    /// <summary>
    /// Null when <paramref name="health"/> is (the task is not migrating). The first rule that holds
    /// wins; docs/insight.md lists them.
    /// </summary>
    public static string? Find(string? health, Telemetry t, SpeedLimitInForce limit, InsightOptions options)
    {
        if (health is null) return null;
        // A silent agent's last figures are stale; guessing from them would mislead.
        if (health == TaskHealth.NoReport) return Unknown;
        if (!limit.Unlimited && t.SpeedMbps >= limit.LimitMbps * options.ThrottledFraction) return ThrottledBySchedule;
        // The agent's own CPU before the host's: the host's figure includes the agent's.
        if (t.AgentCpu >= options.AgentCpuBusyPercent) return AgentCpu;
        if (t.TotalCpu >= options.SourceCpuBusyPercent) return SourceCpu;
        if (t.TotalDiskIo >= options.SourceDiskBusyMbps) return SourceDisk;
        // Moving, under its limit, nothing on the source saturated: the path to the target sets the pace.
        return t.SpeedMbps > 0 ? Network : Unknown;
    }
}
