namespace OpenSms.Core.Insight;

/// <summary>What the insight rules need of one stored report.</summary>
/// <param name="At">The server's receive time: agents' clocks drift, the server's does not jump between reports.</param>
/// <param name="Replicated">replicatesize, bytes.</param>
/// <param name="Total">totalsize, bytes.</param>
/// <param name="SpeedMbps">The agent's migrate_speed, Mbit/s.</param>
/// <param name="Subtask">subtask_name; a change counts as progress.</param>
/// <param name="Progress">The subtask's percent; a change counts as progress.</param>
public readonly record struct RateSample(DateTimeOffset At, long Replicated, long Total, double? SpeedMbps = null,
    string Subtask = "", int Progress = 0);

/// <summary>The newest report's load figures, as the task row keeps them.</summary>
/// <param name="SpeedMbps">migrate_speed, Mbit/s.</param>
/// <param name="TotalCpu">total_cpu_usage, % of the source.</param>
/// <param name="AgentCpu">agent_cpu_usage, % of the source.</param>
/// <param name="TotalDiskIo">total_disk_io, Mbit/s.</param>
public readonly record struct Telemetry(double? SpeedMbps, double? TotalCpu, double? AgentCpu, double? TotalDiskIo);
