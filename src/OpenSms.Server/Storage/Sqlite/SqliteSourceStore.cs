using System.Text;
using Dapper;
using OpenSms.Core.Sources;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage.Sqlite;

public sealed class SqliteSourceStore(SqliteDb db) : ISourceStore
{
    // A source has at most one task (CreateTask refuses a second), so the join yields one row per source.
    const string SelectWithTask = "SELECT s.*, t.id AS task_split, t.* FROM sources s LEFT JOIN tasks t ON t.source_server_id = s.id";

    /// <summary>
    /// The migration_cycle a source registered with, when it was a string: what a task's source shows
    /// and what the sources' filter compares (a number or a boolean there is no cycle).
    /// </summary>
    internal const string RegisteredCycle =
        "CASE WHEN json_type(s.registration_json, '$.migration_cycle') = 'text' THEN s.registration_json ->> '$.migration_cycle' END";

    /// <summary>The source state the API shows, derived in SQL from the task's state for filtering.</summary>
    internal static readonly string DerivedState = BuildDerivedState();

    public async Task RegisterAsync(SourceServer source, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            INSERT INTO sources (id, domain_id, enterprise_project_id, name, ip, ipv6, os_type, os_version, hostname,
                                 agent_version, state, add_date, last_visit_time, registration_json)
            VALUES (@Id, @DomainId, @EnterpriseProjectId, @Name, @Ip, @Ipv6, @OsType, @OsVersion, @Hostname,
                    @AgentVersion, @State, @AddDate, @LastVisitTime, @RegistrationJson)
            ON CONFLICT (id) DO UPDATE SET
              enterprise_project_id = excluded.enterprise_project_id, name = excluded.name, ip = excluded.ip, ipv6 = excluded.ipv6, os_type = excluded.os_type,
              os_version = excluded.os_version, hostname = excluded.hostname, agent_version = excluded.agent_version,
              state = excluded.state, last_visit_time = excluded.last_visit_time,
              registration_json = excluded.registration_json
            WHERE sources.domain_id = excluded.domain_id
            """;
        await c.ExecuteAsync(sql, source);
    }

    public async Task<SourceWithTask?> FindAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<SourceServer, MigrationTask?, SourceWithTask>(
            $"{SelectWithTask} WHERE s.domain_id = @domainId AND s.id = @id",
            Row, new { domainId, id }, splitOn: "task_split");
        return rows.SingleOrDefault();
    }

    public async Task<(int Count, IReadOnlyList<SourceWithTask> Items)> ListAsync(string domainId, SourceQuery query, CancellationToken ct)
    {
        var q = query;
        var where = new StringBuilder("WHERE s.domain_id = @domainId");
        if (q.State is not null) where.Append(CultureInvariant($" AND {DerivedState} = @State"));
        if (q.Name is not null) where.Append(" AND instr(s.name, @Name) > 0");
        if (q.Id is not null) where.Append(" AND s.id = @Id");
        if (q.Ip is not null) where.Append(" AND s.ip = @Ip");
        if (q.Ipv6 is not null) where.Append(" AND s.ipv6 = @Ipv6");
        if (q.EnterpriseProjectId is not null) where.Append(" AND s.enterprise_project_id = @EnterpriseProjectId");
        if (q.Connected is true) where.Append(" AND s.last_visit_time >= @ConnectedSince");
        if (q.Connected is false) where.Append(" AND (s.last_visit_time IS NULL OR s.last_visit_time < @ConnectedSince)");
        if (q.Migproject is not null) where.Append(" AND ").Append(SqliteSourceDetailStore.InMigproject);
        if (q.MigrationCycle is not null) where.Append($" AND COALESCE(s.migration_cycle, {RegisteredCycle}) = @MigrationCycle");
        if (q.IsConsistencyResultExist is { } exists) where.Append(exists ? " AND t.consistency_result_exist = 1" : " AND (t.id IS NULL OR t.consistency_result_exist = 0)");
        var args = new DynamicParameters(q);
        args.Add("domainId", domainId);

        await using var c = await db.OpenAsync(ct);
        var count = await c.ExecuteScalarAsync<int>(
            $"SELECT COUNT(*) FROM sources s LEFT JOIN tasks t ON t.source_server_id = s.id {where}", args);
        var rows = await c.QueryAsync<SourceServer, MigrationTask?, SourceWithTask>(
            $"{SelectWithTask} {where} ORDER BY s.add_date DESC, s.id LIMIT @Limit OFFSET @Offset",
            Row, args, splitOn: "task_split");
        return (count, rows.AsList());
    }

    // Dapper maps a NULL split to null only when the split's first column is mapped; task_split is not,
    // so a source without a task arrives with an empty task object instead.
    static SourceWithTask Row(SourceServer s, MigrationTask? t) => new(s, NullIfMissing(t));

    public async Task<DeleteOutcome> DeleteAsync(string domainId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var id in ids)
        {
            const string find = """
                SELECT t.state FROM sources s LEFT JOIN tasks t ON t.source_server_id = s.id
                WHERE s.domain_id = @domainId AND s.id = @id
                """;
            var rows = (await c.QueryAsync<string?>(find, new { domainId, id }, tx)).AsList();
            if (rows.Count == 0) return new DeleteOutcome(DeleteResult.NotFound, id);
            if (rows[0] is { } state && TaskStates.IsActive(state)) return new DeleteOutcome(DeleteResult.Busy, id, state);
            await c.ExecuteAsync("DELETE FROM tasks WHERE source_server_id = @id; DELETE FROM sources WHERE id = @id", new { id }, tx);
        }
        await tx.CommitAsync(ct);
        return new DeleteOutcome(DeleteResult.Deleted);
    }

    public async Task<bool> TouchAsync(string domainId, string id, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE sources SET last_visit_time = @now WHERE domain_id = @domainId AND id = @id",
            new { domainId, id, now }) == 1;
    }

    /// <summary>
    /// Dapper materializes the task of a LEFT JOIN that found none as an empty object (the split
    /// column maps to no property), so a source without a task is recognised by the missing id.
    /// </summary>
    internal static MigrationTask? NullIfMissing(MigrationTask? task) => task?.Id is null ? null : task;

    static string BuildDerivedState()
    {
        // A copy state the agent set holds while the task it was set under stays in that state (CopyStates.Shown).
        var sql = new StringBuilder("(CASE WHEN s.copystate IS NOT NULL AND s.copystate_task_id = t.id AND s.copystate_task_state = t.state THEN s.copystate");
        sql.Append(" WHEN t.state IS NULL THEN s.state");
        foreach (var (taskState, sourceState) in SourceStates.ByTaskState)
            sql.Append(CultureInvariant($" WHEN t.state = '{taskState}' THEN '{sourceState}'"));
        return sql.Append(" ELSE 'error' END)").ToString();
    }

    static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);
}
