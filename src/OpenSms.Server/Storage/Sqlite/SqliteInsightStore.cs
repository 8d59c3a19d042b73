using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using OpenSms.Core.Insight;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>History reads; WAL lets them run beside the progress writer without blocking it.</summary>
public sealed class SqliteInsightStore(SqliteDb db) : IInsightStore
{
    sealed class LimitRow
    {
        public string Id { get; init; } = "";
        public string? Schedule { get; init; }
        public int SpeedLimit { get; init; }
        public double? Threshold { get; init; }
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<RateSample>>> RecentAsync(IReadOnlyList<RecentRead> reads, CancellationToken ct)
    {
        var wanted = reads.Where(r => r.Since is not null).ToList();
        if (wanted.Count == 0) return new Dictionary<string, IReadOnlyList<RateSample>>();
        await using var c = await db.OpenAsync(ct);
        var samples = await SamplesAsync(c, wanted, CappedSamplesSql, Uncapped, ct);
        return samples.ToDictionary(p => p.Key, p => (IReadOnlyList<RateSample>)p.Value, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<string, TaskRecent>> RecentThinnedAsync(string domainId, IReadOnlyList<RecentRead> reads, long spanMs, CancellationToken ct)
    {
        if (reads.Count == 0) return new Dictionary<string, TaskRecent>();
        await using var c = await db.OpenAsync(ct);
        // Both reads go by key: tasks by primary key, samples along each task's chain, so the cost
        // is the rows asked for, however long the history. The ids travel as one JSON argument so the
        // statement's text, and so its compiled form, is the same for every page; CROSS JOIN keeps
        // SQLite from walking the account's tasks instead when its statistics are missing or stale.
        const string limitsSql = $"""
            SELECT t.id, t.speed_schedule AS schedule, t.speed_limit, {SqliteTaskStore.OwnThreshold} AS threshold
            FROM json_each(@ids) j CROSS JOIN tasks t ON t.id = j.value WHERE t.domain_id = @domainId
            """;
        var ids = JsonSerializer.Serialize(reads.Select(r => r.TaskId).ToArray(), StorageJson.Default.StringArray);
        var limits = (await c.QueryAsync<LimitRow>(new CommandDefinition(limitsSql, new { domainId, ids }, cancellationToken: ct)))
            .ToDictionary(r => r.Id, ToLimits, StringComparer.Ordinal);
        var wanted = reads.Where(r => r.Since is not null && limits.ContainsKey(r.TaskId)).ToList();
        var samples = await ThinnedAsync(c, wanted, spanMs, ct);
        return limits.ToDictionary(p => p.Key,
            p => new TaskRecent(samples.TryGetValue(p.Key, out var list) ? list : [], p.Value), StringComparer.Ordinal);
    }

    // The health job reads millions of these at a start: a typed reader rather than mapped objects,
    // each row naming its task by its place in the argument rather than by a new string, and each
    // task's rows put in order here (they come newest first along its chain, so this is a reversal and a check) rather than by a
    // sort over all of them inside SQLite.
    static async Task<Dictionary<string, List<RateSample>>> SamplesAsync(
        SqliteConnection c, List<RecentRead> reads, string sql, (string Name, long Value)? argument, CancellationToken ct)
    {
        var result = new Dictionary<string, List<RateSample>>(StringComparer.Ordinal);
        if (reads.Count == 0) return result;
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        if (argument is { } a) command.Parameters.AddWithValue(a.Name, a.Value);
        command.Parameters.AddWithValue("@from", JsonSerializer.Serialize(
            reads.ConvertAll(r => new SamplesFrom(r.TaskId, r.Since!.Value)).ToArray(), StorageJson.Default.SamplesFromArray));
        var samples = new List<RateSample>?[reads.Count];
        var ids = new List<long>?[reads.Count];
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var i = reader.GetInt32(0);
                (samples[i] ??= []).Add(new RateSample(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetInt64(2),
                    reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetString(5), reader.GetInt32(6)));
                (ids[i] ??= []).Add(reader.GetInt64(7));
            }
        }
        for (var i = 0; i < reads.Count; i++)
        {
            if (samples[i] is not { } list) continue;
            // Every read walks each task from its newest report back.
            list.Reverse();
            ids[i]!.Reverse();
            result[reads[i].TaskId] = InOrder(list, ids[i]!);
        }
        return result;
    }

    static async Task<Dictionary<string, List<RateSample>>> ThinnedAsync(SqliteConnection c, List<RecentRead> reads, long spanMs, CancellationToken ct) =>
        await SampleThinning.ThinAsync(await SamplesAsync(c, reads, CappedSamplesSql, ("@cap", SampleThinning.DenseAfter), ct), reads, spanMs,
            async dense => spanMs % SqliteProgressStore.IndexedSpanMs == 0
                ? await SamplesAsync(c, dense, ThinnedSamplesSql, ("@span", spanMs), ct)
                // The seconds index cannot find a span that does not start on a second: every report in the window is read.
                : (await SamplesAsync(c, dense, CappedSamplesSql, Uncapped, ct)).ToDictionary(p => p.Key, p => SampleThinning.NewestPerSpan(p.Value, spanMs)));

    // A task's samples are read along its chain (migration 0019), from its newest back, one primary
    // key lookup per report read: the cost is the reports asked for, however long the history.
    const string WalkColumns = "s.id, s.received_at, s.replicatesize, s.totalsize, s.migrate_speed, s.subtask_name, s.progress, s.prev_id";
    const string WalkFrom = "json_each(@from) r CROSS JOIN tasks t ON t.id = r.value ->> 'id' CROSS JOIN samples s ON s.id = t.last_sample_id";
    const string WalkResult = "SELECT k, received_at, replicatesize, totalsize, migrate_speed, subtask_name, progress, id FROM walk WHERE received_at >= since";

    // Every report in the window, or, of a task with more than @cap reports in it, its @cap + 1
    // newest: enough to tell it is dense without reading the rest. Uncapped, every report in it.
    static readonly (string Name, long Value) Uncapped = ("@cap", long.MaxValue);

    const string CappedSamplesSql = $"""
        WITH RECURSIVE walk(k, since, depth, id, received_at, replicatesize, totalsize, migrate_speed, subtask_name, progress, prev_id) AS (
          SELECT r.key, r.value ->> 'since', 0, {WalkColumns} FROM {WalkFrom}
          UNION ALL
          SELECT w.k, w.since, w.depth + 1, {WalkColumns} FROM walk w CROSS JOIN samples s ON s.id = w.prev_id
          WHERE w.received_at >= w.since AND w.depth < @cap
        )
        {WalkResult}
        """;

    // From each task's newest report back, one index seek per span: the first report of a second
    // at or after the start of the span the previous one fell in (samples_task_seconds), and the
    // report before it, which is the newest before that span. Walking every report would cost every
    // report in the window, which at a benchmark's rates is millions per round. Ids only go down, so
    // the walk ends even where an agent's clock went back.
    const string ThinnedSamplesSql = $"""
        WITH RECURSIVE walk(k, since, task, id, received_at, replicatesize, totalsize, migrate_speed, subtask_name, progress, prev_id) AS (
          SELECT r.key, r.value ->> 'since', t.id, {WalkColumns} FROM {WalkFrom}
          UNION ALL
          SELECT w.k, w.since, w.task, {WalkColumns}
          FROM walk w CROSS JOIN samples m ON m.id = (
            SELECT x.id FROM samples x
            WHERE x.task_id = w.task AND x.opens_second = 1 AND x.received_at >= w.received_at - (w.received_at % @span) AND x.id <= w.id
            ORDER BY x.received_at, x.id LIMIT 1)
          CROSS JOIN samples s ON s.id = m.prev_id
          WHERE w.received_at >= w.since
        )
        {WalkResult}
        """;

    // Oldest first, by receive time and then by id, the order the reports were stored in.
    static List<RateSample> InOrder(List<RateSample> samples, List<long> ids)
    {
        var sorted = true;
        for (var k = 1; k < samples.Count && sorted; k++)
            sorted = (samples[k - 1].At, ids[k - 1]).CompareTo((samples[k].At, ids[k])) <= 0;
        return sorted ? samples : samples.Zip(ids).OrderBy(p => p.First.At).ThenBy(p => p.Second).Select(p => p.First).ToList();
    }

    static TaskSpeedLimits ToLimits(LimitRow row) => new(
        row.Schedule is { } json ? JsonSerializer.Deserialize(json, StorageJson.Default.SpeedSchedule)! : SpeedSchedule.Empty,
        new TaskSpeedDefault(row.SpeedLimit, row.Threshold ?? SpeedScheduleValidator.DefaultThreshold));

    // Raw samples and minute rollups in one shape: a raw sample is a rollup of one report. A rollup
    // row falls in the bucket holding its minute's start; the mean is weighted by how many reports
    // sent the field, so a span answers the same before and after its samples are rolled up.
    // Written out from the field list once; wire names are the column names, constants, never caller input.
    // The raw samples are walked back from the newest before the range's end: the report before the
    // first one of a second at or after it, or the task's newest.
    static readonly string BucketSql = $"""
        WITH RECURSIVE walk(wid, wat, wprev) AS (
          SELECT id, received_at, prev_id FROM samples WHERE id = coalesce(
            (SELECT m.prev_id FROM samples m WHERE m.task_id = @taskId AND m.opens_second = 1 AND m.received_at >= @toMs ORDER BY m.received_at, m.id LIMIT 1),
            (SELECT last_sample_id FROM tasks WHERE id = @taskId))
          UNION ALL
          SELECT s.id, s.received_at, s.prev_id FROM walk w CROSS JOIN samples s ON s.id = w.wprev WHERE w.wat >= @fromMs
        )
        SELECT bucket, SUM(count) AS count,
          {string.Join(", ", SampleFields.Numeric.Select(f => $"CAST(SUM({f}_sum) AS REAL) / NULLIF(SUM({f}_n), 0) AS avg_{f}, MAX({f}_max) AS max_{f}"))}
        FROM (
          SELECT (received_at - @fromMs) / @stepMs AS bucket, 1 AS count, {RollupSql.RawAsRollup("({0} IS NOT NULL)")}
          FROM walk CROSS JOIN samples ON samples.id = walk.wid WHERE received_at >= @fromMs AND received_at < @toMs
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
