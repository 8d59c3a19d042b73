using OpenSms.Core.Tasks;

namespace OpenSms.Core.Storage;

public enum ProgressStatus { Applied, TaskNotFound, StateConflict, StorageUnavailable }

/// <summary>What became of one report; <see cref="State"/> names the task's state on a conflict.</summary>
public readonly record struct ProgressResult(ProgressStatus Status, string? State = null);

/// <summary>One stored report, as kept for history.</summary>
public sealed record Sample
{
    public required long Id { get; init; }
    public required string TaskId { get; init; }
    public required long ReceivedAt { get; init; }
    public string? AgentTime { get; init; }
    public required string SubtaskName { get; init; }
    public required int Progress { get; init; }
    public required long Replicatesize { get; init; }
    public required long Totalsize { get; init; }
    public required string ProcessTrace { get; init; }
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

public interface IProgressStore
{
    /// <summary>
    /// Applies the reports in order in one transaction and returns one result per report. Throws
    /// when the transaction cannot commit; then none of the batch is stored.
    /// </summary>
    Task<IReadOnlyList<ProgressResult>> ApplyAsync(IReadOnlyList<ProgressReport> reports, CancellationToken ct);
    Task<IReadOnlyList<Sample>> ListSamplesAsync(string domainId, string taskId, CancellationToken ct);

    /// <summary>
    /// How many batches the writer may apply at once, each on tasks no other holds: one where the
    /// database takes one writer at a time; more where concurrent commits share a disk flush.
    /// </summary>
    int ConcurrentBatches => 1;

    /// <summary>
    /// True where <see cref="ApplyAsync"/> returns once the batch is committed but before it is
    /// on disk, and <see cref="SyncAsync"/> makes it durable: the writer then applies the next batch
    /// while the disk flushes, and answers a batch's reports only after a sync that began after its commit.
    /// </summary>
    bool SyncsAfterCommit => false;

    /// <summary>Makes every batch that <see cref="ApplyAsync"/> has returned durable; throws if it cannot say so.</summary>
    Task SyncAsync(CancellationToken ct) => Task.CompletedTask;
}
