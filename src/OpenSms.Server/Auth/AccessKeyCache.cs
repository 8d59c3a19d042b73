using System.Collections.Concurrent;
using OpenSms.Core.Storage;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Auth;

/// <summary>An access key with its decrypted secret and its owner, as a signed request needs them.</summary>
public sealed record KeyIdentity(AccessKey Key, string Secret, User User, Account Account, IReadOnlySet<string> ProjectIds);

/// <summary>
/// Access keys looked up once and kept until deleted, so verifying a signed request reads no
/// database after the first. Deletes reach the other instances through <see cref="ICacheInvalidation"/>.
/// </summary>
public sealed class AccessKeyCache(IIamStore iam, IAccountStore accounts, SecretBox box, ICacheInvalidation cluster)
{
    readonly ConcurrentDictionary<string, KeyIdentity> byAccess = new(StringComparer.Ordinal);
    long generation;

    public async ValueTask<KeyIdentity?> FindAsync(string access, CancellationToken ct)
    {
        if (byAccess.TryGetValue(access, out var cached)) return cached;
        var seen = Interlocked.Read(ref generation);
        var key = await iam.FindKeyAsync(access, ct);
        if (key is null || key.Status != "active") return null;
        var user = await iam.FindUserAsync(key.DomainId, key.UserId, ct);
        var account = await accounts.FindAccountAsync(key.DomainId, ct);
        var secret = box.Open(key.SecretEnc);
        if (user is null || account is null || secret is null) return null;
        var projects = (await accounts.ListProjectsAsync(account.Id, ct)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var identity = new KeyIdentity(key, secret, user, account, projects);
        byAccess[access] = identity;
        // A drop while this was loading may have been about what was just read: do not keep it.
        if (Interlocked.Read(ref generation) != seen) byAccess.TryRemove(KeyValuePair.Create(access, identity));
        return identity;
    }

    public Task InvalidateAsync(string access)
    {
        Drop(access);
        return cluster.PublishAsync(CacheMessages.For(CacheMessages.Key, access), CancellationToken.None);
    }

    /// <summary>A user's keys stop working when the user is deleted or disabled.</summary>
    public Task InvalidateUserAsync(string userId)
    {
        DropUser(userId);
        return cluster.PublishAsync(CacheMessages.For(CacheMessages.KeyUser, userId), CancellationToken.None);
    }

    public void Drop(string access)
    {
        Interlocked.Increment(ref generation);
        byAccess.TryRemove(access, out _);
    }

    public void DropUser(string userId)
    {
        Interlocked.Increment(ref generation);
        foreach (var (access, identity) in byAccess)
            if (identity.User.Id == userId) byAccess.TryRemove(access, out _);
    }

    public void DropAll()
    {
        Interlocked.Increment(ref generation);
        byAccess.Clear();
    }
}
