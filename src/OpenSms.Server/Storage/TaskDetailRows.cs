using System.Data.Common;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage;

/// <summary>
/// Reads the rows ShowTask and ListTasks are built from, column by position with typed getters.
/// A page is 100 tasks with their sources and subtasks; reading them through a mapper that boxes
/// every value was half the cost of the page. The same SQL types on both providers (integers,
/// bigints, doubles, text; booleans are integers on SQLite, which GetBoolean reads), so one reader.
/// </summary>
static class TaskDetailRows
{
    /// <summary>
    /// The task's columns, its source's, then the task's speed limits, in the order <see cref="Read"/>
    /// takes them; tasks are <c>t</c>, sources <c>s</c>. <paramref name="registeredCycle"/> is the
    /// dialect's expression for the <c>migration_cycle</c> string of <c>s.registration_json</c> (NULL
    /// when it is not a string): a page reads it, not every source's whole registration.
    /// <paramref name="ownThreshold"/> is the dialect's expression for the task's own over-speed threshold.
    /// </summary>
    public static string Columns(string registeredCycle, string ownThreshold) => $"""
        t.id, t.domain_id, t.enterprise_project_id, t.name, t.type, t.os_type, t.state, t.source_server_id, t.priority,
        t.speed_limit, t.need_migration_test, t.create_date, t.start_date, t.finish_date, t.error_json, t.pending_command,
        t.replicatesize, t.totalsize, t.migrate_speed, t.compress_rate, t.remain_seconds, t.estimate_complete_time,
        t.total_cpu_usage, t.agent_cpu_usage, t.total_mem_usage, t.agent_mem_usage, t.total_disk_io, t.agent_disk_io,
        t.last_report_at, t.subtask_info, t.spec_json, t.agent_clock_skew_seconds, t.agent_clock_skew_flagged,
        t.network_check_info, t.special_config, t.log_collect_status, t.log_bucket, t.log_request_time, t.log_upload_time,
        t.consistency_result_exist,
        s.id, s.name, s.ip, s.ipv6, s.os_type, s.os_version, s.state, s.last_visit_time,
        COALESCE(s.migration_cycle, {registeredCycle}), s.copystate, s.copystate_task_id, s.copystate_task_state,
        t.speed_schedule, {ownThreshold}
        """;

    /// <summary>
    /// A subtask's columns in the order the ReadSubtask overloads take them; subtasks are <c>s</c>.
    /// The second is <paramref name="task"/>: the task's id, or what the reader gives it for.
    /// </summary>
    public static string SubtaskColumns(string task = "s.task_id") =>
        $"s.id, {task}, s.name, s.progress, s.start_date, s.end_date, s.process_trace, s.migrate_speed";

    const int SourceAt = 40, LimitsAt = 52;

    /// <summary>A task's row as read, before its subtasks are joined to it.</summary>
    public readonly record struct Row(MigrationTask Task, TaskSource? Source, TaskSpeedLimits Limits);

    public static Row Read<TRow>(TRow r) where TRow : IColumns => new(new MigrationTask
    {
        Id = r.String(0), DomainId = r.String(1), EnterpriseProjectId = r.String(2), Name = r.String(3),
        Type = r.String(4), OsType = r.String(5), State = r.String(6), SourceServerId = r.String(7),
        Priority = r.Int32(8), SpeedLimit = r.Int32(9), NeedMigrationTest = r.Boolean(10), CreateDate = r.Int64(11),
        StartDate = Long(r, 12), FinishDate = Long(r, 13), ErrorJson = Text(r, 14), PendingCommand = Text(r, 15),
        Replicatesize = r.Int64(16), Totalsize = r.Int64(17), MigrateSpeed = Double(r, 18), CompressRate = Double(r, 19),
        RemainSeconds = Long(r, 20), EstimateCompleteTime = Long(r, 21), TotalCpuUsage = Double(r, 22), AgentCpuUsage = Double(r, 23),
        TotalMemUsage = Double(r, 24), AgentMemUsage = Double(r, 25), TotalDiskIo = Double(r, 26), AgentDiskIo = Double(r, 27),
        LastReportAt = Long(r, 28), SubtaskInfo = Text(r, 29), SpecJson = r.String(30), AgentClockSkewSeconds = Double(r, 31),
        AgentClockSkewFlagged = r.IsNull(32) ? null : r.Boolean(32), NetworkCheckInfo = Text(r, 33), SpecialConfig = Text(r, 34),
        LogCollectStatus = r.String(35), LogBucket = Text(r, 36), LogRequestTime = Long(r, 37), LogUploadTime = Long(r, 38),
        ConsistencyResultExist = r.Boolean(39),
    }, r.IsNull(SourceAt) ? null : ReadSource(r, SourceAt), ReadLimits(r, LimitsAt));

    // The task's own limit is column 9, read for the task already.
    static TaskSpeedLimits ReadLimits<TRow>(TRow r, int i) where TRow : IColumns => OverSpeedRows.Limits(new OverSpeedRows.SpeedLimitRow
    {
        Schedule = Text(r, i), SpeedLimit = r.Int32(9), Threshold = Double(r, i + 1),
    });

    static TaskSource ReadSource<TRow>(TRow r, int i) where TRow : IColumns => new()
    {
        Id = r.String(i), Name = r.String(i + 1), Ip = Text(r, i + 2), Ipv6 = Text(r, i + 3), OsType = r.String(i + 4),
        OsVersion = Text(r, i + 5), State = r.String(i + 6), LastVisitTime = Long(r, i + 7), MigrationCycle = Text(r, i + 8),
        Copystate = Text(r, i + 9), CopystateTaskId = Text(r, i + 10), CopystateTaskState = Text(r, i + 11),
    };

    public static Subtask ReadSubtask<TRow>(TRow r) where TRow : IColumns => ReadSubtask(r, r.String(1));

    /// <summary>A subtask of <paramref name="taskId"/>, whose id the caller knows: a page need not read it again for every subtask.</summary>
    public static Subtask ReadSubtask<TRow>(TRow r, string taskId) where TRow : IColumns => new()
    {
        Id = r.Int64(0), TaskId = taskId, Name = r.String(2), Progress = r.Int32(3), StartDate = r.Int64(4),
        EndDate = Long(r, 5), ProcessTrace = Text(r, 6), MigrateSpeed = Double(r, 7),
    };

    /// <summary>
    /// The tasks <paramref name="rowsSql"/> selects, each with the subtasks <paramref name="subtasksSql"/>
    /// selects, from one command: on a database server that is one round trip instead of two. Subtasks
    /// of tasks not among the rows are dropped.
    /// </summary>
    public static async Task<List<TaskDetail>> ReadDetailsAsync(
        DbConnection c, string rowsSql, string subtasksSql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var command = c.CreateCommand();
        command.CommandText = rowsSql + ";\n" + subtasksSql;
        foreach (var (name, value) in args)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<Row>();
        while (await reader.ReadAsync(ct)) rows.Add(Read(new DbColumns(reader)));
        await reader.NextResultAsync(ct);
        var subtasks = new List<Subtask>();
        while (await reader.ReadAsync(ct)) subtasks.Add(ReadSubtask(new DbColumns(reader)));
        return Join(rows, subtasks);
    }

    /// <summary>The details in the order of <paramref name="rows"/>, each with its subtasks (ordered by id).</summary>
    public static List<TaskDetail> Join(List<Row> rows, List<Subtask> subtasks)
    {
        var byTask = new Dictionary<string, List<Subtask>>(rows.Count, StringComparer.Ordinal);
        foreach (var s in subtasks)
        {
            if (!byTask.TryGetValue(s.TaskId, out var list)) byTask[s.TaskId] = list = [];
            list.Add(s);
        }
        return rows.ConvertAll(r => new TaskDetail(r.Task, byTask.TryGetValue(r.Task.Id, out var list) ? list : [], r.Source, r.Limits));
    }

    static string? Text<TRow>(TRow r, int i) where TRow : IColumns => r.IsNull(i) ? null : r.String(i);
    static long? Long<TRow>(TRow r, int i) where TRow : IColumns => r.IsNull(i) ? null : r.Int64(i);
    static double? Double<TRow>(TRow r, int i) where TRow : IColumns => r.IsNull(i) ? null : r.Double(i);
}
