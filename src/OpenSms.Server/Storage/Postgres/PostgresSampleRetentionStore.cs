using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>The rollup and purge of report history (docs/insight.md, Retention); the twin of SqliteSampleRetentionStore.</summary>
public sealed class PostgresSampleRetentionStore(PostgresDb db) : ISampleRetentionStore
{
    // A report arriving later for a minute already rolled up (clock skew between instances, or a
    // transaction that committed after a higher id) is added to that minute's row.
    static readonly string RollUpSql = $"""
        INSERT INTO sample_rollups (task_id, minute, count, {RollupSql.Columns})
        SELECT task_id, received_at - received_at % 60000 AS minute, COUNT(*), {RollupSql.Aggregates}
        FROM samples WHERE id > @afterId AND id <= @lastId
        GROUP BY task_id, minute
        ON CONFLICT (task_id, minute) DO UPDATE SET count = sample_rollups.count + EXCLUDED.count,
          {string.Join(",\n  ", SampleFields.Numeric.Select(Merge))};
        DELETE FROM samples WHERE id > @afterId AND id <= @lastId;
        """;

    static string Merge(string f)
    {
        var (sum, max) = ($"{f}_sum", $"{f}_max");
        var merged = $"{sum} = COALESCE(sample_rollups.{sum} + EXCLUDED.{sum}, sample_rollups.{sum}, EXCLUDED.{sum}), " +
                     $"{max} = GREATEST(sample_rollups.{max}, EXCLUDED.{max})";
        return SampleFields.IsOptional(f) ? merged + $", {f}_n = sample_rollups.{f}_n + EXCLUDED.{f}_n" : merged;
    }

    public async Task<RollupChunk> RollUpAsync(long afterId, long before, int maxRows, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<(long Id, long ReceivedAt)>(new CommandDefinition(
            "SELECT id, received_at FROM samples WHERE id > @afterId ORDER BY id LIMIT @maxRows", new { afterId, maxRows }, cancellationToken: ct))).ToList();
        var old = rows.TakeWhile(r => r.ReceivedAt < before).ToList();
        if (old.Count == 0) return new RollupChunk(0, afterId, true);
        var lastId = old[^1].Id;
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(RollUpSql, new { afterId, lastId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new RollupChunk(old.Count, lastId, old.Count < maxRows);
    }

    public async Task<int> DeleteRollupsBeforeAsync(long before, int maxRows, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            DELETE FROM sample_rollups WHERE (task_id, minute) IN
              (SELECT task_id, minute FROM sample_rollups WHERE minute < @before ORDER BY minute LIMIT @maxRows)
            """;
        return await c.ExecuteAsync(new CommandDefinition(sql, new { before, maxRows }, cancellationToken: ct));
    }
}
