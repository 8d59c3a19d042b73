using System.Text.Json;
using Dapper;
using OpenSms.Core.Insight;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>History reads; MVCC lets them run beside the progress writer without blocking it. The twin of SqliteInsightStore.</summary>
public sealed class PostgresInsightStore(PostgresDb db) : IInsightStore
{
    sealed class LimitRow
    {
        public string Id { get; init; } = "";
        public string? Schedule { get; init; }
        public int SpeedLimit { get; init; }
        public double? Threshold { get; init; }
    }

    sealed class SampleRow
    {
        public string TaskId { get; init; } = "";
        public long ReceivedAt { get; init; }
        public long Replicatesize { get; init; }
        public long Totalsize { get; init; }
        public double? MigrateSpeed { get; init; }
        public string SubtaskName { get; init; } = "";
        public int Progress { get; init; }
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<RateSample>>> RecentAsync(IReadOnlyList<RecentRead> reads, CancellationToken ct)
    {
        var wanted = reads.Where(r => r.Since is not null).ToList();
        if (wanted.Count == 0) return new Dictionary<string, IReadOnlyList<RateSample>>();
        await using var c = await db.OpenAsync(ct);
        var args = new { fromIds = wanted.ConvertAll(r => r.TaskId).ToArray(), fromSince = wanted.ConvertAll(r => r.Since!.Value).ToArray() };
        var rows = await c.QueryAsync<SampleRow>(new CommandDefinition(AllSamplesSql, args, cancellationToken: ct));
        return ByTask(rows).ToDictionary(p => p.Key, p => (IReadOnlyList<RateSample>)p.Value);
    }

    public async Task<IReadOnlyDictionary<string, TaskRecent>> RecentThinnedAsync(string domainId, IReadOnlyList<RecentRead> reads, long spanMs, CancellationToken ct)
    {
        if (reads.Count == 0) return new Dictionary<string, TaskRecent>();
        await using var c = await db.OpenAsync(ct);
        // Both reads use an index: tasks by primary key, samples by (task_id, received_at), so the cost
        // is the rows asked for, however long the history.
        const string limitsSql = $"""
            SELECT id, speed_schedule AS schedule, speed_limit, {PostgresTaskStore.OwnThreshold} AS threshold
            FROM tasks WHERE domain_id = @domainId AND id = ANY(@ids);
            """;
        var wanted = reads.Where(r => r.Since is not null).ToList();
        var args = new
        {
            domainId, ids = reads.Select(r => r.TaskId).ToArray(),
            fromIds = wanted.ConvertAll(r => r.TaskId).ToArray(), fromSince = wanted.ConvertAll(r => r.Since!.Value).ToArray(),
            cap = SampleThinning.DenseAfter,
        };
        Dictionary<string, TaskSpeedLimits> limits;
        Dictionary<string, List<RateSample>> samples;
        await using (var reader = await c.QueryMultipleAsync(new CommandDefinition(limitsSql + CappedSamplesSql, args, cancellationToken: ct)))
        {
            limits = (await reader.ReadAsync<LimitRow>()).ToDictionary(r => r.Id, ToLimits);
            samples = ByTask(await reader.ReadAsync<SampleRow>());
        }
        samples = await SampleThinning.ThinAsync(samples, wanted, spanMs, async dense =>
        {
            var walk = new { fromIds = dense.ConvertAll(r => r.TaskId).ToArray(), fromSince = dense.ConvertAll(r => r.Since!.Value).ToArray(), span = spanMs };
            return ByTask(await c.QueryAsync<SampleRow>(new CommandDefinition(ThinnedSamplesSql, walk, cancellationToken: ct)));
        });
        return limits.ToDictionary(p => p.Key, p => new TaskRecent(samples.TryGetValue(p.Key, out var list) ? list : [], p.Value));
    }

    static Dictionary<string, List<RateSample>> ByTask(IEnumerable<SampleRow> rows) => rows.GroupBy(r => r.TaskId).ToDictionary(g => g.Key, g => g
        .Select(r => new RateSample(DateTimeOffset.FromUnixTimeMilliseconds(r.ReceivedAt), r.Replicatesize, r.Totalsize, r.MigrateSpeed, r.SubtaskName, r.Progress))
        .ToList());

    // Every report in the window, or, of a task with more than @cap reports in it, at least its @cap + 1
    // newest: enough to tell it is dense without reading the rest.
    const string CappedSamplesSql = """
        SELECT s.task_id, s.received_at, s.replicatesize, s.totalsize, s.migrate_speed, s.subtask_name, s.progress
        FROM unnest(@fromIds, @fromSince) AS r(task_id, since)
        JOIN samples s ON s.task_id = r.task_id AND s.received_at >= GREATEST(r.since, (
          SELECT x.received_at FROM samples x WHERE x.task_id = r.task_id ORDER BY x.received_at DESC LIMIT 1 OFFSET @cap))
        ORDER BY s.task_id, s.received_at, s.id;
        """;

    const string AllSamplesSql = """
        SELECT s.task_id, s.received_at, s.replicatesize, s.totalsize, s.migrate_speed, s.subtask_name, s.progress
        FROM unnest(@fromIds, @fromSince) AS r(task_id, since)
        JOIN samples s ON s.task_id = r.task_id AND s.received_at >= r.since
        ORDER BY s.task_id, s.received_at, s.id;
        """;

    // From each task's newest report back, one index seek per span: the newest report before the
    // span the previous one fell in (SqliteInsightStore's walk, in PostgreSQL's words).
    const string ThinnedSamplesSql = """
        WITH RECURSIVE pick(task_id, since, at) AS (
          SELECT r.task_id, r.since, 9223372036854775807::bigint FROM unnest(@fromIds, @fromSince) AS r(task_id, since)
          UNION ALL
          SELECT p.task_id, p.since, (
            SELECT x.received_at FROM samples x
            WHERE x.task_id = p.task_id AND x.received_at >= p.since AND x.received_at < p.at - (p.at % @span)
            ORDER BY x.received_at DESC LIMIT 1)
          FROM pick p WHERE p.at IS NOT NULL
        )
        SELECT s.task_id, s.received_at, s.replicatesize, s.totalsize, s.migrate_speed, s.subtask_name, s.progress
        FROM pick p CROSS JOIN LATERAL (
          SELECT * FROM samples y WHERE y.task_id = p.task_id AND y.received_at = p.at ORDER BY y.id DESC LIMIT 1) s
        ORDER BY s.task_id, s.received_at, s.id;
        """;

    static TaskSpeedLimits ToLimits(LimitRow row) => new(
        row.Schedule is { } json ? JsonSerializer.Deserialize(json, StorageJson.Default.SpeedSchedule)! : SpeedSchedule.Empty,
        new TaskSpeedDefault(row.SpeedLimit, row.Threshold ?? SpeedScheduleValidator.DefaultThreshold));

    // Raw samples and minute rollups in one shape: a raw sample is a rollup of one report. A rollup
    // row falls in the bucket holding its minute's start; the mean is weighted by how many reports
    // sent the field, so a span answers the same before and after its samples are rolled up.
    // Written out from the field list once; wire names are the column names, constants, never caller input.
    static readonly string BucketSql = $"""
        SELECT bucket, SUM(count) AS count,
          {string.Join(", ", SampleFields.Numeric.Select(f => $"SUM({f}_sum)::float8 / NULLIF(SUM({f}_n), 0)::float8 AS avg_{f}, MAX({f}_max) AS max_{f}"))}
        FROM (
          SELECT (received_at - @fromMs) / @stepMs AS bucket, 1 AS count, {RollupSql.RawAsRollup("({0} IS NOT NULL)::int")}
          FROM samples WHERE task_id = @taskId AND received_at >= @fromMs AND received_at < @toMs
          UNION ALL
          SELECT (minute - @fromMs) / @stepMs, count, {RollupSql.Rollup}
          FROM sample_rollups WHERE task_id = @taskId AND minute >= @fromMs AND minute < @toMs
        ) AS history
        GROUP BY bucket ORDER BY bucket
        """;

    public async Task<IReadOnlyList<SampleBucket>?> BucketsAsync(string domainId, string taskId, long fromMs, long toMs, long stepMs, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tasks WHERE domain_id = @domainId AND id = @taskId", new { domainId, taskId }) == 0)
            return null;
        var rows = await c.QueryAsync(new CommandDefinition(BucketSql, new { taskId, fromMs, toMs, stepMs }, cancellationToken: ct));
        return rows.Cast<IDictionary<string, object?>>().Select(row => new SampleBucket(
            fromMs + (Convert.ToInt64(row["bucket"], System.Globalization.CultureInfo.InvariantCulture) * stepMs),
            Convert.ToInt32(row["count"], System.Globalization.CultureInfo.InvariantCulture),
            SampleFields.Numeric.ToDictionary(f => f, f => (Number(row[$"avg_{f}"]), Number(row[$"max_{f}"]))))).ToList();
    }

    public async Task<TaskCensusRows> CensusAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // Health as the health-event job last announced it (docs/events.md): assessing every migrating
        // task here would read every one's recent reports on each census, too much for a large fleet.
        const string sql = """
            SELECT state AS key, COUNT(*) AS value FROM tasks GROUP BY state;
            SELECT published_health AS key, COUNT(*) AS value FROM tasks
            WHERE state IN ('RUNNING', 'SYNCING') AND published_health IS NOT NULL GROUP BY published_health;
            """;
        await using var reader = await c.QueryMultipleAsync(new CommandDefinition(sql, cancellationToken: ct));
        var byState = (await reader.ReadAsync<(string Key, long Value)>()).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        var byHealth = (await reader.ReadAsync<(string Key, long Value)>()).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        return new TaskCensusRows(byState, byHealth);
    }

    static double? Number(object? value) =>
        value is null or DBNull ? null : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
}
