using System.Collections.Concurrent;
using OpenSms.Core;
using OpenSms.Core.Iam;
using OpenSms.Core.Storage;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Auth;

/// <summary>
/// Each user's attached policies, parsed once and kept until an attach, detach or delete changes
/// them, so authorizing a request reads no database. Changes reach the other instances through
/// <see cref="ICacheInvalidation"/>.
/// </summary>
public sealed class PolicyCache(IIamStore iam, ICacheInvalidation cluster)
{
    readonly ConcurrentDictionary<string, IReadOnlyList<Policy>> byUser = new(StringComparer.Ordinal);
    long generation;

    public async ValueTask<IReadOnlyList<Policy>> ForUserAsync(string userId, CancellationToken ct)
    {
        if (byUser.TryGetValue(userId, out var cached)) return cached;
        var seen = Interlocked.Read(ref generation);
        var loaded = new List<Policy>();
        foreach (var stored in await iam.ListUserPoliciesAsync(userId, ct))
        {
            // Stored documents were validated on create; one that no longer parses grants nothing.
            if (PolicyParser.Parse(stored.Document).Value is { } document) loaded.Add(new Policy(stored.Id, stored.Name, document));
        }
        byUser[userId] = loaded;
        // A drop while this was loading may have been about what was just read: do not keep it.
        if (Interlocked.Read(ref generation) != seen) byUser.TryRemove(KeyValuePair.Create(userId, (IReadOnlyList<Policy>)loaded));
        return loaded;
    }

    public Task InvalidateAsync(string userId)
    {
        Drop(userId);
        // Not the request's token: once the change is stored, the others must hear of it even if the client has gone.
        return cluster.PublishAsync(CacheMessages.For(CacheMessages.PolicyUser, userId), CancellationToken.None);
    }

    public void Drop(string userId)
    {
        Interlocked.Increment(ref generation);
        byUser.TryRemove(userId, out _);
    }

    public void DropAll()
    {
        Interlocked.Increment(ref generation);
        byUser.Clear();
    }

    public static ValidationErrors Validate(string document) => PolicyParser.Parse(document).Errors ?? new ValidationErrors();
}
