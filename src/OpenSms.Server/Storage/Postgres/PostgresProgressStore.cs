using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>The progress write path; each instance's ingest writer calls it one batch at a time.</summary>
public sealed class PostgresProgressStore(PostgresDb db, IOptions<OverSpeedSettings> overSpeed, EventSignal events) : IProgressStore
{
    readonly OverSpeedJudge judge = new(overSpeed.Value.ToOptions());

    public async Task<IReadOnlyList<ProgressResult>> ApplyAsync(IReadOnlyList<ProgressReport> reports, CancellationToken ct)
    {
        var results = new ProgressResult[reports.Count];
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Other instances write batches at the same time. Locking every task of the batch up front,
        // in one order, serializes batches that share a task and rules out deadlocks between them.
        var ids = reports.Select(r => r.TaskId).Distinct(StringComparer.Ordinal).ToArray();
        await c.ExecuteAsync("SELECT 1 FROM tasks WHERE id = ANY(@ids) ORDER BY id FOR UPDATE", new { ids }, tx);
        var batchEvents = new List<NewTaskEvent>(reports.Count);
        for (var i = 0; i < reports.Count; i++) results[i] = await ApplyOneAsync(c, tx, reports[i], batchEvents);
        await PostgresEventRows.AppendAsync(c, tx, batchEvents);
        await tx.CommitAsync(ct);
        events.Raise();
        return results;
    }

    async Task<ProgressResult> ApplyOneAsync(DbConnection c, DbTransaction tx, ProgressReport r, List<NewTaskEvent> batchEvents)
    {
        // The row is locked since ApplyAsync began, so the detector's state read here is the latest.
        const string selectTask = $"""
            SELECT state, speed_limit, {PostgresTaskStore.OwnThreshold} AS over_speed_threshold, speed_schedule, overspeed_state
            FROM tasks WHERE id = @TaskId AND domain_id = @DomainId
            """;
        var task = await c.QuerySingleOrDefaultAsync<OverSpeedTaskRow>(selectTask, new { r.TaskId, r.DomainId }, tx);
        if (task is null) return new ProgressResult(ProgressStatus.TaskNotFound);
        var state = task.State;
        if (!TaskStates.AcceptsProgress(state)) return new ProgressResult(ProgressStatus.StateConflict, state);

        var now = r.ReceivedAt;
        var ended = r.Progress == 100 ? (long?)now : null;
        const string updateSubtask = """
            UPDATE subtasks SET progress = @Progress, process_trace = @ProcessTrace,
              migrate_speed = COALESCE(@MigrateSpeed, migrate_speed), end_date = COALESCE(end_date, @ended)
            WHERE task_id = @TaskId AND name = @SubtaskName
            """;
        if (await c.ExecuteAsync(updateSubtask, new { r.Progress, r.ProcessTrace, r.MigrateSpeed, ended, r.TaskId, r.SubtaskName }, tx) == 0)
        {
            // A new subtask means the agent has moved on: whatever was still open has ended.
            const string startSubtask = """
                UPDATE subtasks SET end_date = @now WHERE task_id = @TaskId AND end_date IS NULL;
                INSERT INTO subtasks (task_id, name, progress, start_date, end_date, process_trace, migrate_speed)
                VALUES (@TaskId, @SubtaskName, @Progress, @now, @ended, @ProcessTrace, @MigrateSpeed)
                """;
            await c.ExecuteAsync(startSubtask, new { now, r.TaskId, r.SubtaskName, r.Progress, ended, r.ProcessTrace, r.MigrateSpeed }, tx);
        }

        var outcome = judge.Judge(task, ProgressRules.NextState(state, r.SubtaskName, r.Progress), r);
        var next = outcome.Next;

        // A stop for over speed is error_for_overspeed done by the server; the pending STOP reaches
        // the agent even though the task is already ABORT, and its acknowledgement clears it.
        const string updateTask = """
            UPDATE tasks SET state = @next,
              start_date = COALESCE(start_date, @now),
              finish_date = CASE WHEN @finished THEN @now ELSE finish_date END,
              replicatesize = @Replicatesize, totalsize = @Totalsize,
              migrate_speed = @MigrateSpeed, compress_rate = @CompressRate,
              remain_seconds = @RemainTime, estimate_complete_time = @eta,
              need_migration_test = COALESCE(@NeedMigrationTest, need_migration_test),
              total_cpu_usage = @TotalCpuUsage, agent_cpu_usage = @AgentCpuUsage,
              total_mem_usage = @TotalMemUsage, agent_mem_usage = @AgentMemUsage,
              total_disk_io = @TotalDiskIo, agent_disk_io = @AgentDiskIo,
              last_report_at = @now, subtask_info = @info,
              error_json = CASE WHEN @stopped THEN @overSpeedError ELSE error_json END,
              pending_command = CASE WHEN @stopped THEN @stopCommand ELSE pending_command END,
              overspeed_state = @detector,
              agent_clock_skew_seconds = COALESCE(@skewSeconds, agent_clock_skew_seconds),
              agent_clock_skew_flagged = COALESCE(@skewFlagged, agent_clock_skew_flagged)
            WHERE id = @TaskId
            """;
        await c.ExecuteAsync(updateTask, new
        {
            next, now, finished = ProgressRules.IsFinished(next),
            r.Replicatesize, r.Totalsize, r.MigrateSpeed, r.CompressRate, r.RemainTime,
            eta = r.RemainTime is { } remain ? now + remain * 1000 : (long?)null,
            r.NeedMigrationTest, r.TotalCpuUsage, r.AgentCpuUsage, r.TotalMemUsage, r.AgentMemUsage,
            r.TotalDiskIo, r.AgentDiskIo, info = string.Create(CultureInfo.InvariantCulture, $"{r.SubtaskName}:{r.Progress}"), r.TaskId,
            stopped = outcome.Stopped, overSpeedError = TaskActions.OverSpeedErrorJson, stopCommand = AgentCommands.Stop,
            detector = outcome.DetectorJson, skewSeconds = outcome.Skew?.Seconds, skewFlagged = outcome.Skew?.Flagged,
        }, tx);
        foreach (var e in outcome.Events()) await InsertEventAsync(c, tx, r.TaskId, e);

        const string insertSample = """
            INSERT INTO samples (task_id, received_at, agent_time, subtask_name, progress, replicatesize, totalsize,
              process_trace, migrate_speed, compress_rate, remain_time, total_cpu_usage, agent_cpu_usage,
              total_mem_usage, agent_mem_usage, total_disk_io, agent_disk_io, need_migration_test)
            VALUES (@TaskId, @ReceivedAt, @agentTimeText, @SubtaskName, @Progress, @Replicatesize, @Totalsize,
              @ProcessTrace, @MigrateSpeed, @CompressRate, @RemainTime, @TotalCpuUsage, @AgentCpuUsage,
              @TotalMemUsage, @AgentMemUsage, @TotalDiskIo, @AgentDiskIo, @NeedMigrationTest)
            """;
        var args = new DynamicParameters(r);
        args.Add("agentTimeText", r.AgentTime?.ToString());
        await c.ExecuteAsync(insertSample, args, tx);
        TaskEventData.ForReport(batchEvents, r, state, outcome);
        return new ProgressResult(ProgressStatus.Applied);
    }

    static async Task InsertEventAsync(DbConnection c, DbTransaction tx, string taskId, OverSpeedEpisode e)
    {
        const string sql = """
            INSERT INTO overspeed_events (task_id, started_at, ended_at, stopped, window_json, limit_mbps,
              over_speed_threshold, report_count, peak_mbps, samples_json)
            VALUES (@taskId, @startedAt, @endedAt, @Stopped, @window, @LimitMbps,
              @OverSpeedThreshold, @ReportCount, @PeakMbps, @samples)
            """;
        await c.ExecuteAsync(sql, OverSpeedRows.EventArgs(taskId, e), tx);
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
