using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage.Sqlite;

public sealed class SqliteTaskStore(SqliteDb db, TimeProvider clock, EventSignal events) : ITaskStore
{
    /// <summary>
    /// The task's own over_speed_threshold, which CreateTask keeps in spec_json; NULL when absent or
    /// not a number (UpdateTask merges its body into the spec unchecked).
    /// </summary>
    internal const string OwnThreshold = """
        CASE WHEN json_type(spec_json, '$.over_speed_threshold') IN ('integer', 'real')
          THEN CAST(json_extract(spec_json, '$.over_speed_threshold') AS REAL) END
        """;

    // Only tasks have a spec_json, so the threshold's expression may name it without the table.
    static readonly string DetailColumns = TaskDetailRows.Columns(SqliteSourceStore.RegisteredCycle, OwnThreshold);

    public async Task<(CreateTaskResult Result, string? ExistingTaskId)> CreateAsync(MigrationTask task, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var source = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sources WHERE domain_id = @DomainId AND id = @SourceServerId", task, tx);
        if (source == 0) return (CreateTaskResult.SourceNotFound, null);
        var existing = await c.ExecuteScalarAsync<string?>("SELECT id FROM tasks WHERE source_server_id = @SourceServerId", task, tx);
        if (existing is not null) return (CreateTaskResult.SourceHasTask, existing);
        const string sql = """
            INSERT INTO tasks (id, domain_id, enterprise_project_id, name, type, os_type, state, source_server_id, priority,
                               speed_limit, need_migration_test, create_date, start_date, finish_date, error_json,
                               pending_command, spec_json)
            VALUES (@Id, @DomainId, @EnterpriseProjectId, @Name, @Type, @OsType, @State, @SourceServerId, @Priority,
                    @SpeedLimit, @NeedMigrationTest, @CreateDate, @StartDate, @FinishDate, @ErrorJson,
                    @PendingCommand, @SpecJson)
            """;
        await c.ExecuteAsync(sql, task, tx);
        // Watchers (the console's overview, webhooks) learn of a new task from the stream too.
        await SqliteEventRows.AppendAsync(c, tx, [TaskEventData.State(task.DomainId, task.Id, clock.GetUtcNow().ToUnixTimeMilliseconds(), task.State, null)]);
        await tx.CommitAsync(ct);
        events.Raise();
        return (CreateTaskResult.Created, null);
    }

    static readonly string FindSql =
        $"SELECT {DetailColumns} FROM tasks t LEFT JOIN sources s ON s.id = t.source_server_id WHERE t.domain_id = @domainId AND t.id = @id";

    public async Task<TaskDetail?> FindAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = SqliteReads.All(c, FindSql, TaskDetailRows.Read, ("domainId", domainId), ("id", id));
        return WithSubtasks(c, rows).SingleOrDefault();
    }

    public async Task<(int Count, IReadOnlyList<TaskDetail> Items)> ListAsync(string domainId, TaskQuery query, CancellationToken ct)
    {
        var q = query;
        var where = new StringBuilder("WHERE t.domain_id = @domainId");
        if (q.State is not null) where.Append(" AND t.state = @State");
        if (q.Name is not null) where.Append(" AND instr(t.name, @Name) > 0");
        if (q.Id is not null) where.Append(" AND t.id = @Id");
        if (q.SourceServerId is not null) where.Append(" AND t.source_server_id = @SourceServerId");
        if (q.EnterpriseProjectId is not null) where.Append(" AND t.enterprise_project_id = @EnterpriseProjectId");
        List<(string, object?)> args =
        [
            ("domainId", domainId), ("State", q.State), ("Name", q.Name), ("Id", q.Id), ("SourceServerId", q.SourceServerId),
            ("EnterpriseProjectId", q.EnterpriseProjectId), ("Limit", q.Limit), ("Offset", q.Offset),
        ];
        await using var c = await db.OpenAsync(ct);
        var from = "tasks t";
        if (await NameCandidatesAsync(c, q.Name) is { } candidates)
        {
            from = "json_each(@candidates) m CROSS JOIN tasks t ON t.id = m.value";
            args.Add(("candidates", JsonSerializer.Serialize(candidates, StorageJson.Default.ListString)));
        }
        var bound = CollectionsMarshal.AsSpan(args);
        var pageSql = $"{from} {where} ORDER BY t.create_date DESC, t.id LIMIT @Limit OFFSET @Offset";

        int count;
        List<string> ids;
        // The page's ids come from an index in the page's order; only then are its rows read.
        if (q is { Name: null, Id: null, SourceServerId: null, EnterpriseProjectId: null })
        {
            // By account and state the count is kept up to date by triggers (migration 0011).
            var counted = "SELECT COALESCE(SUM(n), 0) FROM task_counts t WHERE t.domain_id = @domainId" + (q.State is null ? "" : " AND t.state = @State");
            count = (int)SqliteReads.All(c, counted, r => r.Int64(0), bound)[0];
            ids = SqliteReads.All(c, $"SELECT t.id FROM {pageSql}", r => r.String(0), bound);
        }
        else
        {
            // Other filters count their matches in the pass that finds the page.
            var found = SqliteReads.All(c, $"SELECT t.id, COUNT(*) OVER () FROM {pageSql}", r => (Id: r.String(0), Total: r.Int64(1)), bound);
            ids = found.ConvertAll(r => r.Id);
            count = found.Count > 0 ? (int)found[0].Total
                : q.Offset == 0 && q.Limit > 0 ? 0
                : (int)SqliteReads.All(c, $"SELECT COUNT(*) FROM {from} {where}", r => r.Int64(0), bound)[0];
        }
        if (ids.Count == 0) return (count, []);
        var page = JsonSerializer.Serialize(ids, StorageJson.Default.ListString);
        var items = WithSubtasks(c, SqliteReads.All(c, PageSql, TaskDetailRows.Read, ("page", page)));
        var order = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        return (count, items.OrderBy(d => order[d.Task.Id]).ToList());
    }

    // CROSS JOIN: by the page's ids, whatever SQLite's statistics say about the account's index.
    static readonly string PageSql = $"""
        SELECT {DetailColumns}
        FROM json_each(@page) j CROSS JOIN tasks t ON t.id = j.value LEFT JOIN sources s ON s.id = t.source_server_id
        """;

    /// <summary>Past this many tasks holding a name, reading them one by one costs more than scanning the account's index.</summary>
    const int MaxNameCandidates = 2_000;

    /// <summary>
    /// The tasks (of any account) whose name holds <paramref name="name"/>'s three-character pieces,
    /// from the trigram index (migration 0013): a superset of the matches, which instr still decides.
    /// Null when the index cannot narrow: a name under three characters, or one too common.
    /// </summary>
    static async Task<List<string>?> NameCandidatesAsync(System.Data.Common.DbConnection c, string? name)
    {
        if (name is null || name.EnumerateRunes().Count() < 3) return null;
        const string sql = """
            SELECT r.task_id FROM task_names f JOIN task_name_rows r ON r.fts_rowid = f.rowid
            WHERE task_names MATCH @phrase LIMIT @limit
            """;
        var phrase = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var found = (await c.QueryAsync<string>(sql, new { phrase, limit = MaxNameCandidates + 1 })).AsList();
        return found.Count > MaxNameCandidates ? null : found;
    }

    static readonly string SubtasksSql =
        $"SELECT {TaskDetailRows.SubtaskColumns("j.key")} FROM json_each(@ids) j CROSS JOIN subtasks s ON s.task_id = j.value ORDER BY s.id";

    static List<TaskDetail> WithSubtasks(SqliteConnection c, List<TaskDetailRows.Row> rows)
    {
        if (rows.Count == 0) return [];
        var ids = JsonSerializer.Serialize(rows.ConvertAll(r => r.Task.Id), StorageJson.Default.ListString);
        // Each subtask's task by its place among the ids, so the id it already has is not read again.
        return TaskDetailRows.Join(rows, SqliteReads.All(c, SubtasksSql, r => TaskDetailRows.ReadSubtask(r, rows[r.Int32(1)].Task.Id), ("ids", ids)));
    }

    public async Task<UpdateResult> UpdateAsync(MigrationTask task, string expectedState, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            UPDATE tasks SET enterprise_project_id = @EnterpriseProjectId, name = @Name, type = @Type, os_type = @OsType,
              state = @State, priority = @Priority, speed_limit = @SpeedLimit, need_migration_test = @NeedMigrationTest,
              start_date = @StartDate, finish_date = @FinishDate, error_json = @ErrorJson, pending_command = @PendingCommand,
              spec_json = @SpecJson,
              -- A run of over-speed reports belongs to one stretch of a state: after a start, stop or
              -- restart the detector begins afresh.
              overspeed_state = CASE WHEN state = @State THEN overspeed_state END
            WHERE domain_id = @DomainId AND id = @Id AND state = @expectedState
            """;
        var args = new DynamicParameters(task);
        args.Add("expectedState", expectedState);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteAsync(sql, args, tx) == 1)
        {
            // A start, stop, command result or reset is announced in the transaction that makes it.
            var changed = task.State != expectedState;
            if (changed)
                await SqliteEventRows.AppendAsync(c, tx, [TaskEventData.State(task.DomainId, task.Id, clock.GetUtcNow().ToUnixTimeMilliseconds(), task.State, expectedState)]);
            await tx.CommitAsync(ct);
            if (changed) events.Raise();
            return UpdateResult.Updated;
        }
        var exists = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tasks WHERE domain_id = @DomainId AND id = @Id", task, tx);
        return exists == 0 ? UpdateResult.NotFound : UpdateResult.Conflict;
    }

    public async Task<DeleteOutcome> DeleteAsync(string domainId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var id in ids)
        {
            var state = await c.ExecuteScalarAsync<string?>("SELECT state FROM tasks WHERE domain_id = @domainId AND id = @id", new { domainId, id }, tx);
            if (state is null) return new DeleteOutcome(DeleteResult.NotFound, id);
            if (TaskStates.IsActive(state)) return new DeleteOutcome(DeleteResult.Busy, id, state);
            await c.ExecuteAsync("DELETE FROM tasks WHERE id = @id", new { id }, tx);
        }
        await tx.CommitAsync(ct);
        return new DeleteOutcome(DeleteResult.Deleted);
    }

    public async Task<MigrationTask?> FindBySourceAsync(string domainId, string sourceId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = "SELECT * FROM tasks WHERE domain_id = @domainId AND source_server_id = @sourceId ORDER BY create_date DESC LIMIT 1";
        return await c.QuerySingleOrDefaultAsync<MigrationTask>(sql, new { domainId, sourceId });
    }

    public async Task<TaskSpeedLimits?> GetSpeedLimitAsync(string domainId, string taskId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = $"""
            SELECT speed_schedule AS schedule, speed_limit, {OwnThreshold} AS threshold
            FROM tasks WHERE domain_id = @domainId AND id = @taskId
            """;
        var row = await c.QuerySingleOrDefaultAsync<OverSpeedRows.SpeedLimitRow>(sql, new { domainId, taskId });
        return row is null ? null : OverSpeedRows.Limits(row);
    }

    public async Task<UpdateResult> SetSpeedLimitAsync(string domainId, string taskId, SpeedSchedule schedule, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // Only the windows change: a run in progress goes on, judged by the new limits from the next report.
        const string sql = "UPDATE tasks SET speed_schedule = @json WHERE domain_id = @domainId AND id = @taskId";
        var json = OverSpeedRows.ScheduleJson(schedule);
        return await c.ExecuteAsync(sql, new { json, domainId, taskId }) == 1 ? UpdateResult.Updated : UpdateResult.NotFound;
    }

    public async Task<IReadOnlyList<OverSpeedEpisode>?> ListOverSpeedEventsAsync(string domainId, string taskId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tasks WHERE domain_id = @domainId AND id = @taskId", new { domainId, taskId }) == 0)
            return null;
        const string sql = """
            SELECT started_at, ended_at, stopped, window_json, limit_mbps, over_speed_threshold, report_count, peak_mbps, samples_json
            FROM overspeed_events WHERE task_id = @taskId ORDER BY id DESC
            """;
        return (await c.QueryAsync<OverSpeedRows.EventRow>(sql, new { taskId })).Select(OverSpeedRows.Episode).ToList();
    }
}
