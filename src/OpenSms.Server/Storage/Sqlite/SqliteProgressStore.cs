using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>The progress write path; called only by the ingest writer, one batch at a time.</summary>
public sealed class SqliteProgressStore(SqliteDb db, IOptions<OverSpeedSettings> overSpeed, EventSignal events) : IProgressStore
{
    readonly OverSpeedJudge judge = new(overSpeed.Value.ToOptions());

    /// <summary>
    /// Reads the batch's tasks and subtasks once, applies the reports in memory (ProgressBatch), then
    /// writes each touched task and subtask once and one sample per accepted report, all with statements
    /// compiled once per batch. The transaction is IMMEDIATE, so what was read cannot change before the writes.
    /// </summary>
    public async Task<IReadOnlyList<ProgressResult>> ApplyAsync(IReadOnlyList<ProgressReport> reports, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        // One JSON parameter rather than one per task: SQLite binds parameters by name, one lookup each.
        var ids = JsonSerializer.Serialize(ProgressBatch.TaskIds(reports), StorageJson.Default.StringArray);
        const string selectTasks = $"""
            SELECT id, domain_id, state, speed_limit, {SqliteTaskStore.OwnThreshold} AS over_speed_threshold, speed_schedule, overspeed_state
            FROM tasks WHERE id IN (SELECT value FROM json_each(@ids))
            """;
        var taskRows = await c.QueryAsync<ProgressTaskRow>(selectTasks, new { ids }, tx);
        const string selectSubtasks = """
            SELECT task_id, name, progress, start_date, end_date, process_trace, migrate_speed
            FROM subtasks WHERE task_id IN (SELECT value FROM json_each(@ids)) ORDER BY id
            """;
        var subtaskRows = await c.QueryAsync<SubtaskRow>(selectSubtasks, new { ids }, tx);

        var batch = ProgressBatch.Plan(reports, taskRows, subtaskRows, judge);
        WriteSubtasks(c, batch.Subtasks);
        WriteTasks(c, batch.Tasks);
        InsertSamples(c, batch.Applied);
        InsertOverSpeedEvents(c, tx, batch.Applied);
        // The batch's events commit with the reports that caused them, in the order they were applied.
        var batchEvents = new List<NewTaskEvent>(batch.Applied.Count);
        foreach (var a in batch.Applied) TaskEventData.ForReport(batchEvents, a.Report, a.StateBefore, a.Outcome);
        await SqliteEventRows.AppendAsync(c, tx, batchEvents);
        await tx.CommitAsync(ct);
        events.Raise();
        return batch.Results;
    }

    static void WriteSubtasks(SqliteConnection c, List<SubtaskRow> rows)
    {
        const string update = """
            UPDATE subtasks SET progress = @progress, process_trace = @trace, migrate_speed = @speed, end_date = @ended
            WHERE task_id = @taskId AND name = @name
            """;
        const string insert = """
            INSERT INTO subtasks (task_id, name, progress, start_date, end_date, process_trace, migrate_speed)
            VALUES (@taskId, @name, @progress, @started, @ended, @trace, @speed)
            """;
        using var updateOne = new SqlitePrepared(c, update, "progress", "trace", "speed", "ended", "taskId", "name");
        using var insertOne = new SqlitePrepared(c, insert, "taskId", "name", "progress", "started", "ended", "trace", "speed");
        foreach (var s in rows)
        {
            if (s.IsNew) insertOne.Run(s.TaskId, s.Name, s.Progress, s.StartDate, s.EndDate, s.ProcessTrace, s.MigrateSpeed);
            else updateOne.Run(s.Progress, s.ProcessTrace, s.MigrateSpeed, s.EndDate, s.TaskId, s.Name);
        }
    }

    static void WriteTasks(SqliteConnection c, IEnumerable<TaskWrite> writes)
    {
        // A stop for over speed is error_for_overspeed done by the server; the pending STOP reaches
        // the agent even though the task is already ABORT, and its acknowledgement clears it.
        const string sql = """
            UPDATE tasks SET state = @next,
              start_date = COALESCE(start_date, @firstAt),
              finish_date = CASE WHEN @finished THEN @now ELSE finish_date END,
              replicatesize = @replicatesize, totalsize = @totalsize,
              migrate_speed = @migrateSpeed, compress_rate = @compressRate,
              remain_seconds = @remainTime, estimate_complete_time = @eta,
              need_migration_test = COALESCE(@needMigrationTest, need_migration_test),
              total_cpu_usage = @totalCpu, agent_cpu_usage = @agentCpu,
              total_mem_usage = @totalMem, agent_mem_usage = @agentMem,
              total_disk_io = @totalDiskIo, agent_disk_io = @agentDiskIo,
              last_report_at = @now, subtask_info = @info,
              error_json = CASE WHEN @stopped THEN @overSpeedError ELSE error_json END,
              pending_command = CASE WHEN @stopped THEN @stopCommand ELSE pending_command END,
              overspeed_state = @detector,
              agent_clock_skew_seconds = COALESCE(@skewSeconds, agent_clock_skew_seconds),
              agent_clock_skew_flagged = COALESCE(@skewFlagged, agent_clock_skew_flagged)
            WHERE id = @taskId
            """;
        using var update = new SqlitePrepared(c, sql,
            "next", "firstAt", "finished", "now", "replicatesize", "totalsize", "migrateSpeed", "compressRate", "remainTime", "eta",
            "needMigrationTest", "totalCpu", "agentCpu", "totalMem", "agentMem", "totalDiskIo", "agentDiskIo", "info",
            "stopped", "overSpeedError", "stopCommand", "detector", "skewSeconds", "skewFlagged", "taskId");
        foreach (var w in writes)
        {
            var r = w.Last;
            update.Run(w.Next, w.FirstAt, w.Finished, r.ReceivedAt, r.Replicatesize, r.Totalsize, r.MigrateSpeed, r.CompressRate, r.RemainTime, w.Eta,
                w.NeedMigrationTest, r.TotalCpuUsage, r.AgentCpuUsage, r.TotalMemUsage, r.AgentMemUsage, r.TotalDiskIo, r.AgentDiskIo, w.SubtaskInfo,
                w.Stopped, TaskActions.OverSpeedErrorJson, AgentCommands.Stop, w.Outcome.DetectorJson, w.Skew?.Seconds, w.Skew?.Flagged, w.TaskId);
        }
    }

    static void InsertSamples(SqliteConnection c, List<AppliedReport> applied)
    {
        const string sql = """
            INSERT INTO samples (task_id, received_at, agent_time, subtask_name, progress, replicatesize, totalsize,
              process_trace, migrate_speed, compress_rate, remain_time, total_cpu_usage, agent_cpu_usage,
              total_mem_usage, agent_mem_usage, total_disk_io, agent_disk_io, need_migration_test)
            VALUES (@taskId, @receivedAt, @agentTime, @subtask, @progress, @replicatesize, @totalsize,
              @trace, @migrateSpeed, @compressRate, @remainTime, @totalCpu, @agentCpu,
              @totalMem, @agentMem, @totalDiskIo, @agentDiskIo, @needMigrationTest)
            """;
        using var insert = new SqlitePrepared(c, sql,
            "taskId", "receivedAt", "agentTime", "subtask", "progress", "replicatesize", "totalsize", "trace", "migrateSpeed", "compressRate",
            "remainTime", "totalCpu", "agentCpu", "totalMem", "agentMem", "totalDiskIo", "agentDiskIo", "needMigrationTest");
        foreach (var a in applied)
        {
            var r = a.Report;
            insert.Run(r.TaskId, r.ReceivedAt, r.AgentTime?.ToString(), r.SubtaskName, r.Progress, r.Replicatesize, r.Totalsize, r.ProcessTrace,
                r.MigrateSpeed, r.CompressRate, r.RemainTime, r.TotalCpuUsage, r.AgentCpuUsage, r.TotalMemUsage, r.AgentMemUsage,
                r.TotalDiskIo, r.AgentDiskIo, r.NeedMigrationTest);
        }
    }

    static void InsertOverSpeedEvents(SqliteConnection c, SqliteTransaction tx, List<AppliedReport> applied)
    {
        const string sql = """
            INSERT INTO overspeed_events (task_id, started_at, ended_at, stopped, window_json, limit_mbps,
              over_speed_threshold, report_count, peak_mbps, samples_json)
            VALUES (@taskId, @startedAt, @endedAt, @Stopped, @window, @LimitMbps,
              @OverSpeedThreshold, @ReportCount, @PeakMbps, @samples)
            """;
        // Rare (an episode ends at most once per over-speed run), so Dapper's per-call cost does not matter here.
        foreach (var a in applied)
            foreach (var e in a.Outcome.Events())
                c.Execute(sql, OverSpeedRows.EventArgs(a.Report.TaskId, e), tx);
    }

    public async Task<IReadOnlyList<Sample>> ListSamplesAsync(string domainId, string taskId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            SELECT s.* FROM samples s JOIN tasks t ON t.id = s.task_id
            WHERE t.domain_id = @domainId AND s.task_id = @taskId ORDER BY s.id
            """;
        return (await c.QueryAsync<Sample>(sql, new { domainId, taskId })).AsList();
    }
}
