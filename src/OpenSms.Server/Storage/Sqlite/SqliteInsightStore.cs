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
        var samples = await SamplesAsync(c, wanted, AllSamplesSql, null, ct);
        return samples.ToDictionary(p => p.Key, p => (IReadOnlyList<RateSample>)p.Value, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<string, TaskRecent>> RecentThinnedAsync(string domainId, IReadOnlyList<RecentRead> reads, long spanMs, CancellationToken ct)
    {
        if (reads.Count == 0) return new Dictionary<string, TaskRecent>();
        await using var c = await db.OpenAsync(ct);
        // Both reads use an index: tasks by primary key, samples by (task_id, received_at), so the cost
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
    // task's rows put in order here (they come in index order, so this is a check) rather than by a
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
            if (ReferenceEquals(sql, ThinnedSamplesSql))
            {
                // The thinned read walks each task from its newest report back.
                list.Reverse();
                ids[i]!.Reverse();
            }
            result[reads[i].TaskId] = InOrder(list, ids[i]!);
        }
        return result;
    }

    static async Task<Dictionary<string, List<RateSample>>> ThinnedAsync(SqliteConnection c, List<RecentRead> reads, long spanMs, CancellationToken ct) =>
        await SampleThinning.ThinAsync(await SamplesAsync(c, reads, CappedSamplesSql, ("@cap", SampleThinning.DenseAfter), ct), reads, spanMs,
            dense => SamplesAsync(c, dense, ThinnedSamplesSql, ("@span", spanMs), ct));

    // Every report in the window, or, of a task with more than @cap reports in it, at least its @cap + 1
    // newest: enough to tell it is dense without reading the rest.
    const string CappedSamplesSql = """
        SELECT r.key, s.received_at, s.replicatesize, s.totalsize, s.migrate_speed, s.subtask_name, s.progress, s.id
        FROM json_each(@from) r CROSS JOIN samples s ON s.task_id = r.value ->> 'id' AND s.received_at >= max(r.value ->> 'since', coalesce((
          SELECT x.received_at FROM samples x WHERE x.task_id = r.value ->> 'id' ORDER BY x.received_at DESC LIMIT 1 OFFSET @cap), 0))
        """;

    const string AllSamplesSql = """
        SELECT r.key, s.received_at, s.replicatesize, s.totalsize, s.migrate_speed, s.subtask_name, s.progress, s.id
        FROM json_each(@from) r CROSS JOIN samples s ON s.task_id = r.value ->> 'id' AND s.received_at >= r.value ->> 'since'
        """;

    // From each task's newest report back, one index seek per span: the newest report before the
    // span the previous one fell in. Reading every report and grouping them would cost every report
    // in the window, which at a benchmark's rates is millions per round.
    const string ThinnedSamplesSql = """
        WITH RECURSIVE pick(k, task, since, at) AS (
          SELECT r.key, r.value ->> 'id', r.value ->> 'since', 9223372036854775807 FROM json_each(@from) r
          UNION ALL
          SELECT p.k, p.task, p.since, (
            SELECT x.received_at FROM samples x
            WHERE x.task_id = p.task AND x.received_at >= p.since AND x.received_at < p.at - (p.at % @span)
            ORDER BY x.received_at DESC LIMIT 1)
          FROM pick p WHERE p.at IS NOT NULL
        )
        SELECT p.k, s.received_at, s.replicatesize, s.totalsize, s.migrate_speed, s.subtask_name, s.progress, s.id
        FROM pick p CROSS JOIN samples s ON s.id = (
          SELECT y.id FROM samples y WHERE y.task_id = p.task AND y.received_at = p.at ORDER BY y.id DESC LIMIT 1)
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
    static readonly string BucketSql = $"""
        SELECT bucket, SUM(count) AS count,
          {string.Join(", ", SampleFields.Numeric.Select(f => $"CAST(SUM({f}_sum) AS REAL) / NULLIF(SUM({f}_n), 0) AS avg_{f}, MAX({f}_max) AS max_{f}"))}
        FROM (
          SELECT (received_at - @fromMs) / @stepMs AS bucket, 1 AS count, {RollupSql.RawAsRollup("({0} IS NOT NULL)")}
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
