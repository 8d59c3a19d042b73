using System.Data.Common;
using Microsoft.Data.Sqlite;
using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>
/// The event log on SQLite: one writer at a time, so ids are allocated and committed in order. A
/// report's progress event is its sample (migration 0018): the log is the events table and, from
/// progress_from on, the samples table, in the order of the ids the two share.
/// </summary>
public sealed class SqliteEventStore(SqliteDb db) : IEventStore
{
    public async Task<IReadOnlyList<TaskEvent>> ReadAfterAsync(long afterId, string? domainId, string? taskId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // One statement, so both tables are read in the same snapshot; each side is a range of ids.
        const string sql = """
            SELECT id, domain_id, task_id, type, at, data, NULL AS subtask_name, NULL AS progress, NULL AS replicatesize,
              NULL AS totalsize, NULL AS migrate_speed, NULL AS remain_time
            FROM events
            WHERE id > @afterId AND (@domainId IS NULL OR domain_id = @domainId) AND (@taskId IS NULL OR task_id = @taskId)
            UNION ALL
            SELECT s.id, t.domain_id, s.task_id, 'progress', s.received_at, NULL, s.subtask_name, s.progress, s.replicatesize,
              s.totalsize, s.migrate_speed, s.remain_time
            FROM samples s JOIN tasks t ON t.id = s.task_id
            WHERE s.id > max(@afterId, (SELECT progress_from - 1 FROM event_log)) AND s.received_at >= (SELECT pruned_before FROM event_log)
              AND (@domainId IS NULL OR t.domain_id = @domainId) AND (@taskId IS NULL OR s.task_id = @taskId)
            ORDER BY id LIMIT @limit
            """;
        var rows = await c.QueryAsync<LogRow>(new CommandDefinition(sql, new { afterId, domainId, taskId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    /// <summary>A row of either table: a sample carries its progress event's fields rather than its data.</summary>
    sealed class LogRow
    {
        public long Id { get; init; }
        public string DomainId { get; init; } = "";
        public string TaskId { get; init; } = "";
        public string Type { get; init; } = "";
        public long At { get; init; }
        public string? Data { get; init; }
        public string? SubtaskName { get; init; }
        public long? Progress { get; init; }
        public long? Replicatesize { get; init; }
        public long? Totalsize { get; init; }
        public double? MigrateSpeed { get; init; }
        public long? RemainTime { get; init; }

        public TaskEvent ToEvent() => new(Id, DomainId, TaskId, Type, At, Data ?? TaskEventData.Progress(
            TaskId, At, SubtaskName ?? "", Progress ?? 0, Replicatesize ?? 0, Totalsize ?? 0, MigrateSpeed, RemainTime));
    }

    public async Task<int> DeleteBeforeAsync(long atBefore, CancellationToken ct)
    {
        // The samples stay, under their own retention; only their reading as events ends here.
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("UPDATE event_log SET pruned_before = max(pruned_before, @atBefore)", new { atBefore }, tx, cancellationToken: ct));
        var deleted = await c.ExecuteAsync(new CommandDefinition("DELETE FROM events WHERE at < @atBefore", new { atBefore }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted;
    }

    public async Task<long> LastIdAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(SqliteEventRows.LastIdSql, cancellationToken: ct));
    }
}

/// <summary>Appends events inside the caller's transaction, so they commit (or vanish) with what caused them.</summary>
public static class SqliteEventRows
{
    public static Task AppendAsync(DbConnection c, DbTransaction tx, IReadOnlyList<NewTaskEvent> events)
    {
        if (events.Count == 0) return Task.CompletedTask;
        // One statement compiled once and bound by position (SqlitePrepared) for however many events,
        // rather than a many-parameter INSERT that SQLite compiles anew for each count and binds by name.
        using var insert = Prepare((SqliteConnection)c);
        foreach (var e in events) Append(insert, e, id: null);
        return Task.CompletedTask;
    }

    /// <summary>The append as a compiled statement, for a writer that keeps it between transactions.</summary>
    internal static SqlitePrepared Prepare(SqliteConnection c) =>
        new(c, $"INSERT INTO events (id, domain_id, task_id, type, at, data) VALUES (coalesce(@id, ({LastIdSql}) + 1), @domain, @task, @type, @at, @data)",
            "id", "domain", "task", "type", "at", "data");

    /// <summary>
    /// Appends one event with the next id after every event and sample, or with the id given: the
    /// progress writer numbers its batch's samples and events itself, in the order it applies its reports.
    /// </summary>
    internal static void Append(SqlitePrepared insert, NewTaskEvent e, long? id) =>
        insert.Add(id).Add(e.DomainId).Add(e.TaskId).Add(e.Type).Add(e.At).Add(e.Data).Run();

    /// <summary>
    /// The last id given to an event or a sample: both tables are AUTOINCREMENT, so their counters
    /// never go back, even once retention has deleted the rows that carried the largest ids.
    /// </summary>
    internal const string LastIdSql = "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name IN ('events', 'samples')";
}
