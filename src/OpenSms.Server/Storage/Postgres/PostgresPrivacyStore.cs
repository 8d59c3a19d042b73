using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresPrivacyStore(PostgresDb db) : IPrivacyStore
{
    public async Task<bool> HasAgreedAsync(string domainId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM privacy_agreements WHERE domain_id = @domainId)", new { domainId });
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
