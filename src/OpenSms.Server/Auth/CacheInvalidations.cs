using OpenSms.Server.Cluster;

namespace OpenSms.Server.Auth;

/// <summary>
/// Applies an invalidation that another instance published (<see cref="CacheMessages"/>) to this
/// instance's caches. Applying one twice, or one this instance sent itself, does no harm.
/// </summary>
public sealed class CacheInvalidations(AccessKeyCache keys, PolicyCache policies, ScopeCache scopes, RevocationList revoked)
{
    public void Apply(string message)
    {
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return;
        var id = message[(colon + 1)..];
        switch (message[..colon])
        {
            case CacheMessages.Key: keys.Drop(id); break;
            case CacheMessages.KeyUser: keys.DropUser(id); break;
            case CacheMessages.PolicyUser: policies.Drop(id); break;
            case CacheMessages.Token: revoked.AddLocal(id); break;
            case CacheMessages.ScopeTask when Split(id) is (var domain, var taskId): scopes.DropTask(domain, taskId); break;
            case CacheMessages.ScopeSource when Split(id) is (var domain, var sourceId): scopes.DropSource(domain, sourceId); break;
        }
    }

    /// <summary>Forgets every cached entry, for when invalidations may have been missed.</summary>
    public void DropAll()
    {
        keys.DropAll();
        policies.DropAll();
        scopes.DropAll();
    }

    /// <summary>Starts over from the database: what others changed while nobody listened is not known here.</summary>
    public async Task ResyncAsync(CancellationToken ct)
    {
        DropAll();
        await revoked.LoadAsync(ct);
    }

    static (string, string)? Split(string domainAndId) =>
        domainAndId.IndexOf(':', StringComparison.Ordinal) is var at and > 0 ? (domainAndId[..at], domainAndId[(at + 1)..]) : null;
}
