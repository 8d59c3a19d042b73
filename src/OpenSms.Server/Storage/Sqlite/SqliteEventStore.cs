using System.Data.Common;
using System.Text;
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
    public static async Task AppendAsync(DbConnection c, DbTransaction tx, IReadOnlyList<NewTaskEvent> events)
    {
        if (events.Count == 0) return;
        // One multi-row INSERT per batch; SQLite allows 32766 parameters, 5 per row.
        for (var start = 0; start < events.Count; start += 1000)
        {
            var chunk = Math.Min(1000, events.Count - start);
            var sql = new StringBuilder("INSERT INTO events (domain_id, task_id, type, at, data) VALUES ");
            var args = new DynamicParameters();
            for (var i = 0; i < chunk; i++)
            {
                var e = events[start + i];
                sql.Append(i == 0 ? "" : ",").Append($"(@d{i},@t{i},@y{i},@a{i},@j{i})");
                args.Add($"d{i}", e.DomainId);
                args.Add($"t{i}", e.TaskId);
                args.Add($"y{i}", e.Type);
                args.Add($"a{i}", e.At);
                args.Add($"j{i}", e.Data);
            }
            await c.ExecuteAsync(sql.ToString(), args, tx);
        }
    }
}
