using System.Collections.Concurrent;
using OpenSms.Core.Storage;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Auth;

/// <summary>
/// Which source server and enterprise project a task or source belongs to, cached so that an
/// authorized progress report reads nothing beyond the task it writes. Moves (UpdateTask with an
/// enterprise project, re-registration) and deletes invalidate the entry, on every instance
/// through <see cref="ICacheInvalidation"/>.
/// </summary>
public sealed class ScopeCache(IScopeStore store, ICacheInvalidation cluster)
{
    const int MaxEntries = 200_000;
    readonly ConcurrentDictionary<(string Domain, char Kind, string Id), ResourceScopeInfo> entries = new();
    long generation;

    public ValueTask<ResourceScopeInfo?> TaskAsync(string domainId, string taskId, CancellationToken ct) =>
        GetAsync((domainId, 't', taskId), () => store.FindTaskScopeAsync(domainId, taskId, ct));

    public ValueTask<ResourceScopeInfo?> SourceAsync(string domainId, string sourceId, CancellationToken ct) =>
        GetAsync((domainId, 's', sourceId), () => store.FindSourceScopeAsync(domainId, sourceId, ct));

    public Task InvalidateTaskAsync(string domainId, string taskId)
    {
        DropTask(domainId, taskId);
        return cluster.PublishAsync(CacheMessages.For(CacheMessages.ScopeTask, domainId, taskId), CancellationToken.None);
    }

    public Task InvalidateSourceAsync(string domainId, string sourceId)
    {
        DropSource(domainId, sourceId);
        return cluster.PublishAsync(CacheMessages.For(CacheMessages.ScopeSource, domainId, sourceId), CancellationToken.None);
    }

    public void DropTask(string domainId, string taskId) => Drop((domainId, 't', taskId));

    public void DropSource(string domainId, string sourceId) => Drop((domainId, 's', sourceId));

    public void DropAll()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    void Drop((string, char, string) key)
    {
        Interlocked.Increment(ref generation);
        entries.TryRemove(key, out _);
    }

    async ValueTask<ResourceScopeInfo?> GetAsync((string, char, string) key, Func<Task<ResourceScopeInfo?>> load)
    {
        if (entries.TryGetValue(key, out var cached)) return cached;
        var seen = Interlocked.Read(ref generation);
        var loaded = await load();
        if (loaded is null) return null;
        // A crude bound: a full cache starts over rather than tracking recency on the hot path.
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[key] = loaded;
        // A drop while this was loading may have been about what was just read: do not keep it.
        if (Interlocked.Read(ref generation) != seen) entries.TryRemove(KeyValuePair.Create(key, loaded));
        return loaded;
    }
}
