using Dapper;
using Npgsql;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>The progress write path; each instance's ingest writer calls it one batch at a time.</summary>
public sealed class PostgresProgressStore(PostgresDb db, IOptions<OverSpeedSettings> overSpeed, EventSignal events) : IProgressStore
{
    readonly OverSpeedJudge judge = new(overSpeed.Value.ToOptions());

    /// <summary>PostgreSQL flushes the WAL of commits that arrive together at once, so overlapping batches share the wait.</summary>
    public int ConcurrentBatches => 4;

    /// <summary>
    /// Two round trips per batch, whatever its size: one begins the transaction, locks and reads the
    /// batch's tasks and subtasks, the reports are applied in memory (ProgressBatch), and one sends
    /// every write as column arrays, the batch's events and the COMMIT. Other instances write batches
    /// at the same time; locking every task of the batch up front, in one order, serializes batches
    /// that share a task and rules out deadlocks between them, and what is read under the lock is the
    /// latest committed state. The events' lock (PostgresEventRows) is held from the second round
    /// trip's start to its end, so lanes overlap everything but that.
    /// </summary>
    public async Task<IReadOnlyList<ProgressResult>> ApplyAsync(IReadOnlyList<ProgressReport> reports, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        try
        {
            return await ApplyBatchAsync(c, reports);
        }
        catch when (c.State == System.Data.ConnectionState.Open)
        {
            // BEGIN and COMMIT are sent as statements (so COMMIT rides with the writes): end what failed before the connection is reused.
            try
            {
                await c.ExecuteAsync("ROLLBACK");
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection is broken; the pool will not hand it out again.
            }
            throw;
        }
    }

    async Task<IReadOnlyList<ProgressResult>> ApplyBatchAsync(NpgsqlConnection c, IReadOnlyList<ProgressReport> reports)
    {
        var ids = ProgressBatch.TaskIds(reports);
        const string select = $"""
            BEGIN;
            SELECT id, domain_id, state, speed_limit, {PostgresTaskStore.OwnThreshold} AS over_speed_threshold, speed_schedule, overspeed_state
            FROM tasks WHERE id = ANY(@ids) ORDER BY id FOR UPDATE;
            SELECT task_id, name, progress, start_date, end_date, process_trace, migrate_speed
            FROM subtasks WHERE task_id = ANY(@ids) ORDER BY id;
            """;
        ProgressBatch batch;
        await using (var read = await c.QueryMultipleAsync(select, new { ids }))
        {
            var taskRows = await read.ReadAsync<ProgressTaskRow>();
            var subtaskRows = await read.ReadAsync<SubtaskRow>();
            batch = ProgressBatch.Plan(reports, taskRows, subtaskRows, judge);
        }

        // Rare (an episode ends at most once per over-speed run): a round trip each does not matter.
        foreach (var a in batch.Applied)
            foreach (var e in a.Outcome.Events())
                await c.ExecuteAsync(InsertOverSpeedEvent, OverSpeedRows.EventArgs(a.Report.TaskId, e));
        // The batch's events commit with the reports that caused them, in the order they were applied.
        var batchEvents = new List<NewTaskEvent>(batch.Applied.Count);
        foreach (var a in batch.Applied) TaskEventData.ForReport(batchEvents, a.Report, a.StateBefore, a.Outcome);
        var args = batch.Applied.Count > 0 ? WriteArgs(batch) : new DynamicParameters();
        if (batchEvents.Count > 0) PostgresEventRows.AddArgs(args, batchEvents);
        var sql = (batch.Applied.Count > 0 ? WriteSql : "") + (batchEvents.Count > 0 ? PostgresEventRows.AppendSql : "") + "COMMIT;";
        await c.ExecuteAsync(sql, args);
        events.Raise();
        return batch.Results;
    }

    // Subtasks are updated before new ones are inserted, tasks after both; each statement takes
    // its rows as one array per column.
    // A stop for over speed is error_for_overspeed done by the server; the pending STOP reaches
    // the agent even though the task is already ABORT, and its acknowledgement clears it.
    const string WriteSql = """
        UPDATE subtasks s SET progress = u.progress, process_trace = u.trace, migrate_speed = u.speed, end_date = u.ended
        FROM unnest(@subTask::text[], @subName::text[], @subProgress::integer[], @subEnded::bigint[], @subTrace::text[], @subSpeed::double precision[])
          AS u(task_id, name, progress, ended, trace, speed)
        WHERE s.task_id = u.task_id AND s.name = u.name;
        INSERT INTO subtasks (task_id, name, progress, start_date, end_date, process_trace, migrate_speed)
        SELECT t, n, p, s, e, tr, sp FROM unnest(@newTask::text[], @newName::text[], @newProgress::integer[], @newStarted::bigint[], @newEnded::bigint[],
          @newTrace::text[], @newSpeed::double precision[]) WITH ORDINALITY AS u(t, n, p, s, e, tr, sp, ord) ORDER BY ord;
        UPDATE tasks t SET state = u.next,
          start_date = COALESCE(t.start_date, u.first_at),
          finish_date = CASE WHEN u.finished THEN u.now ELSE t.finish_date END,
          replicatesize = u.replicatesize, totalsize = u.totalsize,
          migrate_speed = u.migrate_speed, compress_rate = u.compress_rate,
          remain_seconds = u.remain_time, estimate_complete_time = u.eta,
          need_migration_test = COALESCE(u.need_migration_test, t.need_migration_test),
          total_cpu_usage = u.total_cpu, agent_cpu_usage = u.agent_cpu,
          total_mem_usage = u.total_mem, agent_mem_usage = u.agent_mem,
          total_disk_io = u.total_disk_io, agent_disk_io = u.agent_disk_io,
          last_report_at = u.now, subtask_info = u.info,
          error_json = CASE WHEN u.stopped THEN @overSpeedError ELSE t.error_json END,
          pending_command = CASE WHEN u.stopped THEN @stopCommand ELSE t.pending_command END,
          overspeed_state = u.detector,
          agent_clock_skew_seconds = COALESCE(u.skew_seconds, t.agent_clock_skew_seconds),
          agent_clock_skew_flagged = COALESCE(u.skew_flagged, t.agent_clock_skew_flagged)
        FROM unnest(@tId::text[], @tNext::text[], @tFirstAt::bigint[], @tFinished::boolean[], @tNow::bigint[],
          @tReplicatesize::bigint[], @tTotalsize::bigint[], @tMigrateSpeed::double precision[], @tCompressRate::double precision[],
          @tRemainTime::bigint[], @tEta::bigint[], @tNeedMigrationTest::boolean[],
          @tTotalCpu::double precision[], @tAgentCpu::double precision[], @tTotalMem::double precision[], @tAgentMem::double precision[],
          @tTotalDiskIo::double precision[], @tAgentDiskIo::double precision[], @tInfo::text[], @tStopped::boolean[], @tDetector::text[],
          @tSkewSeconds::double precision[], @tSkewFlagged::boolean[])
          AS u(id, next, first_at, finished, now, replicatesize, totalsize, migrate_speed, compress_rate, remain_time, eta,
            need_migration_test, total_cpu, agent_cpu, total_mem, agent_mem, total_disk_io, agent_disk_io, info, stopped, detector,
            skew_seconds, skew_flagged)
        WHERE t.id = u.id;
        INSERT INTO samples (task_id, received_at, agent_time, subtask_name, progress, replicatesize, totalsize,
          process_trace, migrate_speed, compress_rate, remain_time, total_cpu_usage, agent_cpu_usage,
          total_mem_usage, agent_mem_usage, total_disk_io, agent_disk_io, need_migration_test)
        SELECT t, ra, at, sn, p, rs, ts, tr, ms, cr, rt, tc, ac, tm, am, td, ad, nm
        FROM unnest(@sTask::text[], @sReceivedAt::bigint[], @sAgentTime::text[], @sSubtask::text[], @sProgress::integer[],
          @sReplicatesize::bigint[], @sTotalsize::bigint[], @sTrace::text[], @sMigrateSpeed::double precision[],
          @sCompressRate::double precision[], @sRemainTime::bigint[], @sTotalCpu::double precision[], @sAgentCpu::double precision[],
          @sTotalMem::double precision[], @sAgentMem::double precision[], @sTotalDiskIo::double precision[],
          @sAgentDiskIo::double precision[], @sNeedMigrationTest::boolean[]) WITH ORDINALITY
          AS u(t, ra, at, sn, p, rs, ts, tr, ms, cr, rt, tc, ac, tm, am, td, ad, nm, ord)
        ORDER BY ord;
        """;

    static DynamicParameters WriteArgs(ProgressBatch batch)
    {
        var args = new DynamicParameters();
        var old = batch.Subtasks.Where(s => !s.IsNew).ToList();
        args.Add("subTask", old.Select(s => s.TaskId).ToArray());
        args.Add("subName", old.Select(s => s.Name).ToArray());
        args.Add("subProgress", old.Select(s => s.Progress).ToArray());
        args.Add("subEnded", old.Select(s => s.EndDate).ToArray());
        args.Add("subTrace", old.Select(s => s.ProcessTrace).ToArray());
        args.Add("subSpeed", old.Select(s => s.MigrateSpeed).ToArray());
        var added = batch.Subtasks.Where(s => s.IsNew).ToList();
        args.Add("newTask", added.Select(s => s.TaskId).ToArray());
        args.Add("newName", added.Select(s => s.Name).ToArray());
        args.Add("newProgress", added.Select(s => s.Progress).ToArray());
        args.Add("newStarted", added.Select(s => s.StartDate).ToArray());
        args.Add("newEnded", added.Select(s => s.EndDate).ToArray());
        args.Add("newTrace", added.Select(s => s.ProcessTrace).ToArray());
        args.Add("newSpeed", added.Select(s => s.MigrateSpeed).ToArray());

        var tasks = batch.Tasks.ToList();
        args.Add("tId", tasks.Select(w => w.TaskId).ToArray());
        args.Add("tNext", tasks.Select(w => w.Next).ToArray());
        args.Add("tFirstAt", tasks.Select(w => w.FirstAt).ToArray());
        args.Add("tFinished", tasks.Select(w => w.Finished).ToArray());
        args.Add("tNow", tasks.Select(w => w.Last.ReceivedAt).ToArray());
        args.Add("tReplicatesize", tasks.Select(w => w.Last.Replicatesize).ToArray());
        args.Add("tTotalsize", tasks.Select(w => w.Last.Totalsize).ToArray());
        args.Add("tMigrateSpeed", tasks.Select(w => w.Last.MigrateSpeed).ToArray());
        args.Add("tCompressRate", tasks.Select(w => w.Last.CompressRate).ToArray());
        args.Add("tRemainTime", tasks.Select(w => w.Last.RemainTime).ToArray());
        args.Add("tEta", tasks.Select(w => w.Eta).ToArray());
        args.Add("tNeedMigrationTest", tasks.Select(w => w.NeedMigrationTest).ToArray());
        args.Add("tTotalCpu", tasks.Select(w => w.Last.TotalCpuUsage).ToArray());
        args.Add("tAgentCpu", tasks.Select(w => w.Last.AgentCpuUsage).ToArray());
        args.Add("tTotalMem", tasks.Select(w => w.Last.TotalMemUsage).ToArray());
        args.Add("tAgentMem", tasks.Select(w => w.Last.AgentMemUsage).ToArray());
        args.Add("tTotalDiskIo", tasks.Select(w => w.Last.TotalDiskIo).ToArray());
        args.Add("tAgentDiskIo", tasks.Select(w => w.Last.AgentDiskIo).ToArray());
        args.Add("tInfo", tasks.Select(w => w.SubtaskInfo).ToArray());
        args.Add("tStopped", tasks.Select(w => w.Stopped).ToArray());
        args.Add("tDetector", tasks.Select(w => w.Outcome.DetectorJson).ToArray());
        args.Add("tSkewSeconds", tasks.Select(w => w.Skew?.Seconds).ToArray());
        args.Add("tSkewFlagged", tasks.Select(w => w.Skew?.Flagged).ToArray());
        args.Add("overSpeedError", TaskActions.OverSpeedErrorJson);
        args.Add("stopCommand", AgentCommands.Stop);

        var samples = batch.Applied.ConvertAll(a => a.Report);
        args.Add("sTask", samples.Select(r => r.TaskId).ToArray());
        args.Add("sReceivedAt", samples.Select(r => r.ReceivedAt).ToArray());
        args.Add("sAgentTime", samples.Select(r => r.AgentTime?.ToString()).ToArray());
        args.Add("sSubtask", samples.Select(r => r.SubtaskName).ToArray());
        args.Add("sProgress", samples.Select(r => r.Progress).ToArray());
        args.Add("sReplicatesize", samples.Select(r => r.Replicatesize).ToArray());
        args.Add("sTotalsize", samples.Select(r => r.Totalsize).ToArray());
        args.Add("sTrace", samples.Select(r => r.ProcessTrace).ToArray());
        args.Add("sMigrateSpeed", samples.Select(r => r.MigrateSpeed).ToArray());
        args.Add("sCompressRate", samples.Select(r => r.CompressRate).ToArray());
        args.Add("sRemainTime", samples.Select(r => r.RemainTime).ToArray());
        args.Add("sTotalCpu", samples.Select(r => r.TotalCpuUsage).ToArray());
        args.Add("sAgentCpu", samples.Select(r => r.AgentCpuUsage).ToArray());
        args.Add("sTotalMem", samples.Select(r => r.TotalMemUsage).ToArray());
        args.Add("sAgentMem", samples.Select(r => r.AgentMemUsage).ToArray());
        args.Add("sTotalDiskIo", samples.Select(r => r.TotalDiskIo).ToArray());
        args.Add("sAgentDiskIo", samples.Select(r => r.AgentDiskIo).ToArray());
        args.Add("sNeedMigrationTest", samples.Select(r => r.NeedMigrationTest).ToArray());
        return args;
    }

    const string InsertOverSpeedEvent = """
        INSERT INTO overspeed_events (task_id, started_at, ended_at, stopped, window_json, limit_mbps,
          over_speed_threshold, report_count, peak_mbps, samples_json)
        VALUES (@taskId, @startedAt, @endedAt, @Stopped, @window, @LimitMbps,
          @OverSpeedThreshold, @ReportCount, @PeakMbps, @samples)
        """;

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
