namespace OpenSms.Core.Tasks;

/// <summary>A validated progress report, stamped with the server's receive time (epoch ms).</summary>
public sealed record ProgressReport(
    string TaskId,
    string DomainId,
    long ReceivedAt,
    string SubtaskName,
    int Progress,
    long Replicatesize,
    long Totalsize,
    string ProcessTrace,
    AgentTime? AgentTime)
{
    public double? MigrateSpeed { get; init; }
    public double? CompressRate { get; init; }
    public long? RemainTime { get; init; }
    public double? TotalCpuUsage { get; init; }
    public double? AgentCpuUsage { get; init; }
    public double? TotalMemUsage { get; init; }
    public double? AgentMemUsage { get; init; }
    public double? TotalDiskIo { get; init; }
    public double? AgentDiskIo { get; init; }
    public bool? NeedMigrationTest { get; init; }
}
