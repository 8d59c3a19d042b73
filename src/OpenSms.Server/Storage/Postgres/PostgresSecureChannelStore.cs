using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresSecureChannelStore(PostgresDb db) : ISecureChannelStore
{
    public async Task<SealedMaterial> FindAsync(string domainId, string taskId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            SELECT t.id, k.material_enc FROM tasks t LEFT JOIN task_secrets k ON k.task_id = t.id
            WHERE t.domain_id = @domainId AND t.id = @taskId
            """;
        var row = await c.QuerySingleOrDefaultAsync<(string Id, string? Sealed)>(sql, new { domainId, taskId });
        return new SealedMaterial(row.Id is not null, row.Sealed);
    }

    public async Task<string?> AddAsync(string domainId, string taskId, string sealedMaterial, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // Two first requests may race; the one whose row lands first is the task's material for good
        // (the loser's insert waits for the winner's commit, then does nothing, and reads the winner's row).
        const string insert = """
            INSERT INTO task_secrets (task_id, material_enc, created_at)
            SELECT id, @sealedMaterial, @now FROM tasks WHERE domain_id = @domainId AND id = @taskId
            ON CONFLICT (task_id) DO NOTHING
            """;
        await c.ExecuteAsync(insert, new { sealedMaterial, now, domainId, taskId });
        return await c.ExecuteScalarAsync<string?>("SELECT material_enc FROM task_secrets WHERE task_id = @taskId", new { taskId });
    }
}
