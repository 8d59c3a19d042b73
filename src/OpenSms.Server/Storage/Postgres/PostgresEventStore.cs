using System.Data.Common;
using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>The event log on PostgreSQL; the twin of SqliteEventStore.</summary>
public sealed class PostgresEventStore(PostgresDb db) : IEventStore
{
    public async Task<IReadOnlyList<TaskEvent>> ReadAfterAsync(long afterId, string? domainId, string? taskId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            SELECT id, domain_id, task_id, type, at, data FROM events
            WHERE id > @afterId AND (@domainId::text IS NULL OR domain_id = @domainId) AND (@taskId::text IS NULL OR task_id = @taskId)
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
public static class PostgresEventRows
{
    /// <summary>The NOTIFY channel that tells every instance's event hub that new events committed.</summary>
    public const string Channel = "opensms_events";

    public static async Task AppendAsync(DbConnection c, DbTransaction tx, IReadOnlyList<NewTaskEvent> events)
    {
        if (events.Count == 0) return;
        var args = new DynamicParameters();
        AddArgs(args, events);
        await c.ExecuteAsync(AppendSql, args, tx);
    }

    // Readers tail the log by id (id > last seen). A bigserial id is taken at INSERT but becomes
    // visible at COMMIT, so two writers could commit out of id order: B commits id 11 while A still
    // holds 10, a tail moves to 11 and never sees 10. This lock, taken last and held to the end of
    // the transaction, serializes "take ids, commit" across every instance; PostgreSQL makes the
    // commit visible before it releases transaction locks, so ids appear strictly in order.
    // NOTIFY is transactional too: the other instances hear of the events only once they are readable.
    // A caller that sends its COMMIT in the same round trip (the ingest writer) holds the lock the least.
    internal const string AppendSql = """
        SELECT pg_advisory_xact_lock(@LockSpace, hashtext('events'));
        INSERT INTO events (domain_id, task_id, type, at, data)
        SELECT * FROM unnest(@domains::text[], @tasks::text[], @types::text[], @ats::bigint[], @datas::text[]);
        SELECT pg_notify(@Channel, '');
        """;

    internal static void AddArgs(DynamicParameters args, IReadOnlyList<NewTaskEvent> events)
    {
        args.Add("LockSpace", PostgresDb.LockSpace);
        args.Add("Channel", Channel);
        args.Add("domains", events.Select(e => e.DomainId).ToArray());
        args.Add("tasks", events.Select(e => e.TaskId).ToArray());
        args.Add("types", events.Select(e => e.Type).ToArray());
        args.Add("ats", events.Select(e => e.At).ToArray());
        args.Add("datas", events.Select(e => e.Data).ToArray());
    }
}
