using System.Collections.Concurrent;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Auth;

/// <summary>
/// Which source server and enterprise project a task or source belongs to, cached so that an
/// authorized progress report reads nothing beyond the task it writes. Moves (UpdateTask with an
/// enterprise project, re-registration) and deletes invalidate the entry.
/// </summary>
public sealed class ScopeCache(IScopeStore store)
{
    const int MaxEntries = 200_000;
    readonly ConcurrentDictionary<(string Domain, char Kind, string Id), ResourceScopeInfo> entries = new();

    public ValueTask<ResourceScopeInfo?> TaskAsync(string domainId, string taskId, CancellationToken ct) =>
        GetAsync((domainId, 't', taskId), () => store.FindTaskScopeAsync(domainId, taskId, ct));

    public ValueTask<ResourceScopeInfo?> SourceAsync(string domainId, string sourceId, CancellationToken ct) =>
        GetAsync((domainId, 's', sourceId), () => store.FindSourceScopeAsync(domainId, sourceId, ct));

    public void InvalidateTask(string domainId, string taskId) => entries.TryRemove((domainId, 't', taskId), out _);

    public void InvalidateSource(string domainId, string sourceId) => entries.TryRemove((domainId, 's', sourceId), out _);

    async ValueTask<ResourceScopeInfo?> GetAsync((string, char, string) key, Func<Task<ResourceScopeInfo?>> load)
    {
        if (entries.TryGetValue(key, out var cached)) return cached;
        var loaded = await load();
        if (loaded is null) return null;
        // A crude bound: a full cache starts over rather than tracking recency on the hot path.
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[key] = loaded;
        return loaded;
    }
}
