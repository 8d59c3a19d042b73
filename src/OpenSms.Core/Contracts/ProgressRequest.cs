namespace OpenSms.Core.Contracts;

/// <summary>
/// Body of <c>PUT /v3/tasks/{task_id}/progress</c> (UpdateTaskSpeedReq). Every field is nullable so
/// a missing mandatory field is reported by the validator by name rather than by the JSON reader.
/// Integer fields that Huawei types as int32 are read as long so an out-of-range number is a range
/// error (SMS.9001), not a type error. The members have setters, not init: System.Text.Json reads a
/// type with init-only members through its constructor path, which boxes every value into an
/// argument array; this is the body of every progress report (1.1 against 0.7 us per body).
/// </summary>
public sealed record ProgressRequest
{
    public string? SubtaskName { get; set; }
    public long? Progress { get; set; }
    public long? Replicatesize { get; set; }
    public long? Totalsize { get; set; }
    public string? ProcessTrace { get; set; }
    public double? MigrateSpeed { get; set; }
    public double? CompressRate { get; set; }
    public long? RemainTime { get; set; }
    public double? TotalCpuUsage { get; set; }
    public double? AgentCpuUsage { get; set; }
    public double? TotalMemUsage { get; set; }
    public double? AgentMemUsage { get; set; }
    public double? TotalDiskIo { get; set; }
    public double? AgentDiskIo { get; set; }
    public bool? NeedMigrationTest { get; set; }
    public string? AgentTime { get; set; }
}
