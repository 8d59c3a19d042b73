using System.Data.Common;
using Microsoft.Data.Sqlite;
using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>The event log on SQLite: one writer at a time, so ids are allocated and committed in order.</summary>
public sealed class SqliteEventStore(SqliteDb db) : IEventStore
{
    public async Task<IReadOnlyList<TaskEvent>> ReadAfterAsync(long afterId, string? domainId, string? taskId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            SELECT id, domain_id, task_id, type, at, data FROM events
            WHERE id > @afterId AND (@domainId IS NULL OR domain_id = @domainId) AND (@taskId IS NULL OR task_id = @taskId)
            ORDER BY id LIMIT @limit
            """;
        var rows = await c.QueryAsync<TaskEventRow>(new CommandDefinition(sql, new { afterId, domainId, taskId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    public async Task<int> DeleteBeforeAsync(long atBefore, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM events WHERE at < @atBefore", new { atBefore }, cancellationToken: ct));
    }

    public async Task<long> LastIdAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(id), 0) FROM events", cancellationToken: ct));
    }
}

/// <summary>Appends events inside the caller's transaction, so they commit (or vanish) with what caused them.</summary>
public static class SqliteEventRows
{
    public static Task AppendAsync(DbConnection c, DbTransaction tx, IReadOnlyList<NewTaskEvent> events)
    {
        if (events.Count == 0) return Task.CompletedTask;
        // A progress batch appends an event per report: one statement compiled once and bound by
        // position (SqlitePrepared), as the batch's samples are, rather than a many-parameter INSERT
        // that SQLite compiles anew for each batch size and binds by name.
        using var insert = Prepare((SqliteConnection)c);
        Append(insert, events);
        return Task.CompletedTask;
    }

    /// <summary>The append as a compiled statement, for a writer that keeps it between transactions.</summary>
    internal static SqlitePrepared Prepare(SqliteConnection c) =>
        new(c, "INSERT INTO events (domain_id, task_id, type, at, data) VALUES (@domain, @task, @type, @at, @data)", "domain", "task", "type", "at", "data");

    internal static void Append(SqlitePrepared insert, IReadOnlyList<NewTaskEvent> events)
    {
        foreach (var e in events) insert.Add(e.DomainId).Add(e.TaskId).Add(e.Type).Add(e.At).Add(e.Data).Run();
    }
}
