using System.Text;
using Dapper;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresTaskStore(PostgresDb db, TimeProvider clock, EventSignal events) : ITaskStore
{
    /// <summary>
    /// The task's own over_speed_threshold, which CreateTask keeps in spec_json; NULL when absent or
    /// not a number (UpdateTask merges its body into the spec unchecked). A column generated from the
    /// spec when it is written (migration 0017); the twin of SqliteTaskStore's expression.
    /// </summary>
    internal const string OwnThreshold = "own_over_speed_threshold";

    // Only tasks have the threshold, so it is named without the table; the source's registered
    // migration_cycle is generated from its registration the same way.
    static readonly string DetailColumns = TaskDetailRows.Columns("s.registered_migration_cycle", OwnThreshold);

    static readonly string SelectWithSource = $"SELECT {DetailColumns} FROM tasks t LEFT JOIN sources s ON s.id = t.source_server_id";
    static readonly string FindSql = $"{SelectWithSource} WHERE t.domain_id = @domainId AND t.id = @id";
    static readonly string PageSql = $"{SelectWithSource} WHERE t.id = ANY(@ids)";

    public async Task<(CreateTaskResult Result, string? ExistingTaskId)> CreateAsync(MigrationTask task, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The source row's lock serializes two creates for one source, which SQLite gets from its single writer.
        var source = await c.ExecuteScalarAsync<string?>(
            "SELECT id FROM sources WHERE domain_id = @DomainId AND id = @SourceServerId FOR UPDATE", task, tx);
        if (source is null) return (CreateTaskResult.SourceNotFound, null);
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
        await PostgresEventRows.AppendAsync(c, tx, [TaskEventData.State(task.DomainId, task.Id, clock.GetUtcNow().ToUnixTimeMilliseconds(), task.State, null)]);
        await tx.CommitAsync(ct);
        events.Raise();
        return (CreateTaskResult.Created, null);
    }

    public async Task<TaskDetail?> FindAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await TaskDetailRows.ReadDetailsAsync(c, FindSql, TaskSubtasksSql, ct, ("domainId", domainId), ("id", id))).SingleOrDefault();
    }

    public async Task<(int Count, IReadOnlyList<TaskDetail> Items)> ListAsync(string domainId, TaskQuery query, CancellationToken ct)
    {
        var q = query;
        var where = new StringBuilder("WHERE t.domain_id = @domainId");
        if (q.State is not null) where.Append(" AND t.state = @State");
        // LIKE lets the planner use the trigram index (migration 0013); strpos decides.
        if (q.Name is not null) where.Append(" AND t.name LIKE @nameLike AND strpos(t.name, @Name) > 0");
        if (q.Id is not null) where.Append(" AND t.id = @Id");
        if (q.SourceServerId is not null) where.Append(" AND t.source_server_id = @SourceServerId");
        if (q.EnterpriseProjectId is not null) where.Append(" AND t.enterprise_project_id = @EnterpriseProjectId");
        var args = new DynamicParameters(q);
        args.Add("domainId", domainId);
        if (q.Name is { } name) args.Add("nameLike", "%" + LikeEscaped(name) + "%");
        var pageSql = $"tasks t {where} ORDER BY t.create_date DESC, t.id LIMIT @Limit OFFSET @Offset";

        await using var c = await db.OpenAsync(ct);
        int count;
        string[] ids;
        // The page's ids come from an index in the page's order; only then are its rows read.
        if (q is { Name: null, Id: null, SourceServerId: null, EnterpriseProjectId: null })
        {
            // By account and state the count is kept up to date by triggers (migration 0011); it and the
            // page's ids come in one round trip.
            var counted = "SELECT COALESCE(SUM(n), 0)::int FROM task_counts t WHERE t.domain_id = @domainId" + (q.State is null ? "" : " AND t.state = @State");
            await using var read = await c.QueryMultipleAsync(new CommandDefinition($"{counted}; SELECT t.id FROM {pageSql}", args, cancellationToken: ct));
            count = await read.ReadSingleAsync<int>();
            ids = (await read.ReadAsync<string>()).ToArray();
        }
        else
        {
            // Other filters (a name scans the index) count their matches in the pass that finds the page.
            var found = (await c.QueryAsync<(string Id, long Total)>($"SELECT t.id, COUNT(*) OVER () FROM {pageSql}", args)).AsList();
            ids = found.Select(r => r.Id).ToArray();
            count = found.Count > 0 ? (int)found[0].Total
                : q.Offset == 0 && q.Limit > 0 ? 0
                : await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM tasks t {where}", args);
        }
        if (ids.Length == 0) return (count, []);
        var items = await TaskDetailRows.ReadDetailsAsync(c, PageSql, PageSubtasksSql, ct, ("ids", ids));
        var order = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        return (count, items.OrderBy(d => order[d.Task.Id]).ToList());
    }

    /// <summary><paramref name="text"/> as a LIKE pattern matching only itself (backslash is LIKE's default escape).</summary>
    static string LikeEscaped(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    static readonly string TaskSubtasksSql = $"SELECT {TaskDetailRows.SubtaskColumns()} FROM subtasks s WHERE s.task_id = @id ORDER BY s.id";
    static readonly string PageSubtasksSql = $"SELECT {TaskDetailRows.SubtaskColumns()} FROM subtasks s WHERE s.task_id = ANY(@ids) ORDER BY s.id";

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
                await PostgresEventRows.AppendAsync(c, tx, [TaskEventData.State(task.DomainId, task.Id, clock.GetUtcNow().ToUnixTimeMilliseconds(), task.State, expectedState)]);
            await tx.CommitAsync(ct);
            if (changed) events.Raise();
            return UpdateResult.Updated;
        }
        var exists = await c.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM tasks WHERE domain_id = @DomainId AND id = @Id)", task, tx);
        return exists ? UpdateResult.Conflict : UpdateResult.NotFound;
    }

    public async Task<DeleteOutcome> DeleteAsync(string domainId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var id in ids)
        {
            // Locked so that a report cannot make the task active between the check and the delete.
            var state = await c.ExecuteScalarAsync<string?>(
                "SELECT state FROM tasks WHERE domain_id = @domainId AND id = @id FOR UPDATE", new { domainId, id }, tx);
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
        if (!await c.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM tasks WHERE domain_id = @domainId AND id = @taskId)", new { domainId, taskId }))
            return null;
        const string sql = """
            SELECT started_at, ended_at, stopped, window_json, limit_mbps, over_speed_threshold, report_count, peak_mbps, samples_json
            FROM overspeed_events WHERE task_id = @taskId ORDER BY id DESC
            """;
        return (await c.QueryAsync<OverSpeedRows.EventRow>(sql, new { taskId })).Select(OverSpeedRows.Episode).ToList();
    }
}
