using System.Collections.Concurrent;

namespace OpenSms.Server.Cluster;

/// <summary>
/// Runs a cluster-wide background job on one instance at a time: with many instances on one
/// PostgreSQL, a periodic job (retention, later stall detection or webhook delivery) takes the
/// lock of its name and the others skip that round instead of doing the same work again.
/// </summary>
public interface IClusterLock
{
    /// <summary>Runs <paramref name="work"/> unless another holder has <paramref name="name"/>; false when it was skipped.</summary>
    Task<bool> TryRunExclusiveAsync(string name, Func<CancellationToken, Task> work, CancellationToken ct);
}

/// <summary>One instance alone on its SQLite file: excluding this process's own overlapping runs is enough.</summary>
public sealed class LocalClusterLock : IClusterLock
{
    readonly ConcurrentDictionary<string, SemaphoreSlim> held = new(StringComparer.Ordinal);

    public async Task<bool> TryRunExclusiveAsync(string name, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        var gate = held.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, ct)) return false;
        try
        {
            await work(ct);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}
