using System.Collections.Concurrent;
using OpenSms.Core.Storage;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Auth;

/// <summary>Revoked token ids in memory, loaded from the store at start so a check never reads the database.</summary>
public sealed class RevocationList(IRevocationStore store, ICacheInvalidation cluster, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, byte> ids = new(StringComparer.Ordinal);

    public bool Contains(string tokenId) => !ids.IsEmpty && ids.ContainsKey(tokenId);

    public async Task RevokeAsync(string tokenId, long expiresAt, CancellationToken ct)
    {
        await store.AddAsync(tokenId, expiresAt, ct);
        ids.TryAdd(tokenId, 0);
        // Not the caller's token: once stored, every other instance must hear of it even if the client has gone.
        await cluster.PublishAsync(CacheMessages.For(CacheMessages.Token, tokenId), CancellationToken.None);
    }

    /// <summary>A revocation another instance stored.</summary>
    public void AddLocal(string tokenId) => ids.TryAdd(tokenId, 0);

    public async Task LoadAsync(CancellationToken ct)
    {
        foreach (var id in await store.ListUnexpiredAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), ct)) ids.TryAdd(id, 0);
    }
}
