namespace OpenSms.Core.Contracts;

/// <summary>
/// Body of <c>PUT /v3/tasks/{task_id}/progress</c> (UpdateTaskSpeedReq). Every field is nullable so
/// a missing mandatory field is reported by the validator by name rather than by the JSON reader.
/// Integer fields that Huawei types as int32 are read as long so an out-of-range number is a range
/// error (SMS.9001), not a type error.
/// </summary>
public sealed record ProgressRequest
{
    public string? SubtaskName { get; init; }
    public long? Progress { get; init; }
    public long? Replicatesize { get; init; }
    public long? Totalsize { get; init; }
    public string? ProcessTrace { get; init; }
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
    public string? AgentTime { get; init; }
}
