using System.Collections.Concurrent;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Auth;

/// <summary>Revoked token ids in memory, loaded from the store at start so a check never reads the database.</summary>
public sealed class RevocationList(IRevocationStore store, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, byte> ids = new(StringComparer.Ordinal);

    public bool Contains(string tokenId) => !ids.IsEmpty && ids.ContainsKey(tokenId);

    public async Task RevokeAsync(string tokenId, long expiresAt, CancellationToken ct)
    {
        await store.AddAsync(tokenId, expiresAt, ct);
        ids.TryAdd(tokenId, 0);
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        foreach (var id in await store.ListUnexpiredAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), ct)) ids.TryAdd(id, 0);
    }
}
