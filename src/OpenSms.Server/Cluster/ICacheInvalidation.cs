namespace OpenSms.Server.Cluster;

/// <summary>
/// Tells the other server instances on the same database to drop a cache entry. A cache drops its
/// own entry first, then publishes one of the <see cref="CacheMessages"/>; the others apply it
/// through <c>CacheInvalidations</c>.
/// </summary>
public interface ICacheInvalidation
{
    Task PublishAsync(string message, CancellationToken ct);
}

/// <summary>One instance alone on its SQLite file: there is nobody to tell.</summary>
public sealed class LocalCacheInvalidation : ICacheInvalidation
{
    public Task PublishAsync(string message, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>The invalidation messages, <c>kind:argument</c>; ids never contain a colon, so the last argument may follow one.</summary>
public static class CacheMessages
{
    public const string Key = "key";
    public const string KeyUser = "key-user";
    public const string PolicyUser = "policy-user";
    public const string ScopeTask = "scope-task";
    public const string ScopeSource = "scope-source";
    public const string Token = "token";

    public static string For(string kind, string id) => $"{kind}:{id}";

    public static string For(string kind, string domainId, string id) => $"{kind}:{domainId}:{id}";
}
