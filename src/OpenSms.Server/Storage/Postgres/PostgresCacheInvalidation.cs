using Dapper;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>Publishes invalidations with NOTIFY; every instance's <see cref="PostgresInvalidationListener"/> hears them.</summary>
public sealed class PostgresCacheInvalidation(PostgresDb db) : ICacheInvalidation
{
    public const string Channel = "opensms_invalidate";

    public async Task PublishAsync(string message, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("SELECT pg_notify(@Channel, @message)", new { Channel, message });
    }
}
