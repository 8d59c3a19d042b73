namespace OpenSms.Core.Storage;

/// <summary>
/// What an agent or operator sets on a task besides progress: the network check result, the
/// special configuration and log collection (reference §2.9, §2.11). Every method answers false
/// (or null) when the task is not in the caller's account.
/// </summary>
public interface ITaskSettingsStore
{
    Task<bool> SetNetworkCheckAsync(string domainId, string taskId, string infoJson, CancellationToken ct);

    /// <summary>
    /// Replaces the task's special configuration with <paramref name="merge"/> applied to the stored
    /// one (null when none), read and written in one transaction so concurrent uploads do not lose keys.
    /// </summary>
    Task<bool> UpdateSpecialConfigAsync(string domainId, string taskId, Func<string?, string> merge, CancellationToken ct);

    /// <summary>Records a log-collection request: the bucket, the time and <c>UPLOADING</c>.</summary>
    Task<bool> RequestLogsAsync(string domainId, string taskId, string bucket, long now, CancellationToken ct);

    /// <summary>The agent's UPLOAD_LOG result; only a collection in progress takes it.</summary>
    Task SetLogResultAsync(string domainId, string taskId, bool success, long now, CancellationToken ct);
}

/// <summary>One consistency check an agent uploaded: when, the overall verdict and the per-directory rows.</summary>
public sealed record ConsistencyRun(long FinishedTime, string CheckResult, string ResultsJson);

public interface IConsistencyStore
{
    Task<bool> AddAsync(string domainId, string taskId, ConsistencyRun run, CancellationToken ct);

    /// <summary>The task's checks, oldest first; null when the task is not the caller's.</summary>
    Task<IReadOnlyList<ConsistencyRun>?> ListAsync(string domainId, string taskId, CancellationToken ct);
}

/// <summary>Whether the task exists, and its sealed secure-channel material when it has some.</summary>
public readonly record struct SealedMaterial(bool TaskExists, string? Sealed);

public interface ISecureChannelStore
{
    Task<SealedMaterial> FindAsync(string domainId, string taskId, CancellationToken ct);

    /// <summary>Stores the material unless the task already has some, and returns what is stored (the first writer wins).</summary>
    Task<string?> AddAsync(string domainId, string taskId, string sealedMaterial, long now, CancellationToken ct);
}
