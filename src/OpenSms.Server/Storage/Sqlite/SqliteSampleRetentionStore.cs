using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>The rollup and purge of report history (docs/insight.md, Retention).</summary>
public sealed class SqliteSampleRetentionStore(SqliteDb db) : ISampleRetentionStore
{
    // A report arriving later for a minute already rolled up (clock skew between the id order and
    // receive times) is added to that minute's row rather than clashing with it.
    static readonly string RollUpSql = $"""
        INSERT INTO sample_rollups (task_id, minute, count, {RollupSql.Columns})
        SELECT task_id, received_at - received_at % 60000 AS minute, COUNT(*), {RollupSql.Aggregates}
        FROM samples WHERE id > @afterId AND id <= @lastId
        GROUP BY task_id, minute
        ON CONFLICT (task_id, minute) DO UPDATE SET count = sample_rollups.count + excluded.count,
          {string.Join(",\n  ", SampleFields.Numeric.Select(Merge))};
        DELETE FROM samples WHERE id > @afterId AND id <= @lastId;
        """;

    static string Merge(string f)
    {
        var (sum, max) = ($"{f}_sum", $"{f}_max");
        // SQLite's two-argument MAX is null when either is; COALESCE keeps whichever exists.
        var merged = $"{sum} = COALESCE(sample_rollups.{sum} + excluded.{sum}, sample_rollups.{sum}, excluded.{sum}), " +
                     $"{max} = COALESCE(MAX(sample_rollups.{max}, excluded.{max}), sample_rollups.{max}, excluded.{max})";
        return SampleFields.IsOptional(f) ? merged + $", {f}_n = sample_rollups.{f}_n + excluded.{f}_n" : merged;
    }

    public async Task<RollupChunk> RollUpAsync(long afterId, long before, int maxRows, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // Walks the primary key, so finding the oldest rows costs nothing however many samples there are.
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
