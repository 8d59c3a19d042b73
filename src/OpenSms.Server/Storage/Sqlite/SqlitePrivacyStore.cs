using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Sqlite;

public sealed class SqlitePrivacyStore(SqliteDb db) : IPrivacyStore
{
    public async Task<bool> HasAgreedAsync(string domainId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM privacy_agreements WHERE domain_id = @domainId", new { domainId }) > 0;
    }

    public async Task AgreeAsync(string domainId, string userId, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // The first agreement is the one on record; agreeing again changes nothing.
        const string sql = """
            INSERT INTO privacy_agreements (domain_id, user_id, agreed_at) VALUES (@domainId, @userId, @now)
            ON CONFLICT (domain_id) DO NOTHING
            """;
        await c.ExecuteAsync(sql, new { domainId, userId, now });
    }
}
