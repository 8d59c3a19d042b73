using OpenSms.Core.SpeedLimits;

namespace OpenSms.Core.Storage;

/// <summary>
/// A migration task. What the agent reports last is kept on the row; the descriptive part of the
/// create request (target server, region, project...) is kept whole as <see cref="SpecJson"/>.
/// </summary>
public sealed record MigrationTask
{
    public required string Id { get; init; }
    public required string DomainId { get; init; }
    public required string EnterpriseProjectId { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string OsType { get; init; }
    public required string State { get; init; }
    public required string SourceServerId { get; init; }
    public int Priority { get; init; } = 1;
    public int SpeedLimit { get; init; }
    public bool NeedMigrationTest { get; init; }
    public required long CreateDate { get; init; }
    public long? StartDate { get; init; }
    public long? FinishDate { get; init; }
    public string? ErrorJson { get; init; }
    public string? PendingCommand { get; init; }
    public long Replicatesize { get; init; }
    public long Totalsize { get; init; }
    public double? MigrateSpeed { get; init; }
    public double? CompressRate { get; init; }
    public long? RemainSeconds { get; init; }
    public long? EstimateCompleteTime { get; init; }
    public double? TotalCpuUsage { get; init; }
    public double? AgentCpuUsage { get; init; }
    public double? TotalMemUsage { get; init; }
    public double? AgentMemUsage { get; init; }
    public double? TotalDiskIo { get; init; }
    public double? AgentDiskIo { get; init; }
    public long? LastReportAt { get; init; }
    public string? SubtaskInfo { get; init; }
    public required string SpecJson { get; init; }
    /// <summary>The newest report's agent_time minus its receive time; null until a report carries agent_time.</summary>
    public double? AgentClockSkewSeconds { get; init; }
    public bool? AgentClockSkewFlagged { get; init; }

    // Reported outside progress (network check, per-task settings, log collection, consistency check).
    public string? NetworkCheckInfo { get; init; }
    public string? SpecialConfig { get; init; }
    public string LogCollectStatus { get; init; } = "INIT";
    public string? LogBucket { get; init; }
    public long? LogRequestTime { get; init; }
    public long? LogUploadTime { get; init; }
    public bool ConsistencyResultExist { get; init; }
}

public sealed record Subtask
{
    public required long Id { get; init; }
    public required string TaskId { get; init; }
    public required string Name { get; init; }
    public required int Progress { get; init; }
    public required long StartDate { get; init; }
    public long? EndDate { get; init; }
    public string? ProcessTrace { get; init; }
    public double? MigrateSpeed { get; init; }
}

/// <summary>
/// A task with its subtasks and source, as ShowTask and ListTasks need it, and the speed limits the
/// insight rules cap its projected rate with (read with its row rather than again for the rules).
/// </summary>
public sealed record TaskDetail(MigrationTask Task, IReadOnlyList<Subtask> Subtasks, TaskSource? Source, TaskSpeedLimits Limits);

/// <summary>
/// What a task's body shows of its source: who it is, when its agent last polled, the copy state
/// its agent set, and its migration cycle (set through the API, else the one it registered with).
/// </summary>
public sealed record TaskSource
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Ip { get; init; }
    public string? Ipv6 { get; init; }
    public required string OsType { get; init; }
    public string? OsVersion { get; init; }
    public required string State { get; init; }
    public long? LastVisitTime { get; init; }
    public string? MigrationCycle { get; init; }
    public string? Copystate { get; init; }
    public string? CopystateTaskId { get; init; }
    public string? CopystateTaskState { get; init; }
}

public sealed record TaskQuery(string? State, string? Name, string? Id, string? SourceServerId,
    string? EnterpriseProjectId, int Limit, int Offset);

/// <summary>What limits a task's speed: its windows, and its own limit where no window is in force.</summary>
public sealed record TaskSpeedLimits(SpeedSchedule Schedule, TaskSpeedDefault TaskDefault);

public enum CreateTaskResult { Created, SourceNotFound, SourceHasTask }

public enum UpdateResult { Updated, NotFound, Conflict }

public interface ITaskStore
{
    Task<(CreateTaskResult Result, string? ExistingTaskId)> CreateAsync(MigrationTask task, CancellationToken ct);
    Task<TaskDetail?> FindAsync(string domainId, string id, CancellationToken ct);
    Task<(int Count, IReadOnlyList<TaskDetail> Items)> ListAsync(string domainId, TaskQuery query, CancellationToken ct);
    /// <summary>Replaces the task's row when its state is still <paramref name="expectedState"/> (optimistic).</summary>
    Task<UpdateResult> UpdateAsync(MigrationTask task, string expectedState, CancellationToken ct);
    /// <summary>Deletes the tasks with their subtasks and samples; refuses all when one is active or missing.</summary>
    Task<DeleteOutcome> DeleteAsync(string domainId, IReadOnlyList<string> ids, CancellationToken ct);
    /// <summary>The newest task of a source, which is the one its agent works on.</summary>
    Task<MigrationTask?> FindBySourceAsync(string domainId, string sourceId, CancellationToken ct);
    /// <summary>The task's windows (<see cref="SpeedSchedule.Empty"/> when none were set); null when there is no such task.</summary>
    Task<TaskSpeedLimits?> GetSpeedLimitAsync(string domainId, string taskId, CancellationToken ct);
    /// <summary>Replaces the task's windows: Updated or NotFound. Progress reports use them from the next one on.</summary>
    Task<UpdateResult> SetSpeedLimitAsync(string domainId, string taskId, SpeedSchedule schedule, CancellationToken ct);
    /// <summary>The task's finished over-speed runs, newest first; null when there is no such task.</summary>
    Task<IReadOnlyList<OverSpeedEpisode>?> ListOverSpeedEventsAsync(string domainId, string taskId, CancellationToken ct);
}

/// <summary>What authorization needs to know of a task or source: its source server and enterprise project.</summary>
public sealed record ResourceScopeInfo(string SourceServerId, string EnterpriseProjectId);

/// <summary>Cheap lookups for authorization, separate from the full reads.</summary>
public interface IScopeStore
{
    Task<ResourceScopeInfo?> FindTaskScopeAsync(string domainId, string taskId, CancellationToken ct);
    Task<ResourceScopeInfo?> FindSourceScopeAsync(string domainId, string sourceId, CancellationToken ct);
}
