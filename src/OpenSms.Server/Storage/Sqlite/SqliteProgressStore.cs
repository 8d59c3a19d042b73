using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>The progress write path; called only by the ingest writer, one batch at a time.</summary>
public sealed partial class SqliteProgressStore(SqliteDb db, IOptions<OverSpeedSettings> overSpeed, EventSignal events) : IProgressStore, IDisposable
{
    readonly OverSpeedJudge judge = new(overSpeed.Value.ToOptions());
    readonly SemaphoreSlim gate = new(1, 1);
    Writer? writer;
    volatile string? databasePath;
    volatile Exception? flushFailed;

    /// <summary>The commit does not wait for the disk; <see cref="SyncAsync"/> does, while the next batch is applied.</summary>
    public bool SyncsAfterCommit => true;

    /// <summary>
    /// Reads the batch's tasks and subtasks (those the writer does not already hold), applies the
    /// reports in memory (ProgressBatch), then writes each touched task and subtask once and one
    /// sample per accepted report, with statements the writer compiled once. The transaction is
    /// IMMEDIATE, so what was read cannot change before the writes.
    /// </summary>
    public async Task<IReadOnlyList<ProgressResult>> ApplyAsync(IReadOnlyList<ProgressReport> reports, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            writer ??= await Writer.OpenAsync(db, ct);
            databasePath = writer.DatabasePath;
            try
            {
                return await ApplyBatchAsync(writer, reports, ct);
            }
            catch
            {
                // Whatever failed (a full disk, a removed file), the next batch starts on a fresh connection.
                writer.Dispose();
                writer = null;
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    async Task<IReadOnlyList<ProgressResult>> ApplyBatchAsync(Writer w, IReadOnlyList<ProgressReport> reports, CancellationToken ct)
    {
        var c = w.Connection;
        await using var tx = c.BeginTransaction(deferred: false);
        var ids = ProgressBatch.TaskIds(reports);
        // What the writer left in memory after its own commits is what the tables hold, unless another
        // connection has committed since: data_version tells (read under the write lock, so nothing can commit after it).
        var version = w.DataVersion.Scalar();
        if (version != w.SeenVersion || w.Tasks.Count > Writer.MaxKept) w.Forget();
        w.SeenVersion = version;
        var missing = Array.FindAll(ids, id => !w.Tasks.ContainsKey(id));
        if (missing.Length > 0) await ReadAsync(w, tx, missing);
        var taskRows = ids.Where(w.Tasks.ContainsKey).Select(id => w.Tasks[id]);
        var subtaskRows = ids.Where(w.Subtasks.ContainsKey).SelectMany(id => w.Subtasks[id]);

        var batch = ProgressBatch.Plan(reports, taskRows, subtaskRows, judge);
        WriteSubtasks(w, batch.Subtasks);
        // Samples first: each task's update names its newest.
        InsertSamplesAndEvents(w, batch.Applied);
        WriteTasks(w, batch.Tasks);
        InsertOverSpeedEvents(c, tx, batch.Applied);
        await tx.CommitAsync(ct);
        foreach (var row in batch.Subtasks)
        {
            if (row.IsNew) w.Subtasks[row.TaskId].Add(row);
            row.Written();
        }
        // Streams are woken for the batch by SyncAsync, once it is on disk, as its reports are
        // answered (only the hub's periodic poll could read it a few milliseconds sooner).
        return batch.Results;
    }

    static async Task ReadAsync(Writer w, SqliteTransaction tx, string[] ids)
    {
        // One JSON parameter rather than one per task: SQLite binds parameters by name, one lookup each.
        var json = JsonSerializer.Serialize(ids, StorageJson.Default.StringArray);
        const string selectTasks = $"""
            SELECT id, domain_id, state, speed_limit, {SqliteTaskStore.OwnThreshold} AS over_speed_threshold, speed_schedule, overspeed_state,
              last_sample_id, (SELECT received_at FROM samples WHERE samples.id = tasks.last_sample_id) AS last_sample_at
            FROM tasks WHERE id IN (SELECT value FROM json_each(@json))
            """;
        foreach (var t in await w.Connection.QueryAsync<ProgressTaskRow>(selectTasks, new { json }, tx))
        {
            w.Tasks[t.Id] = t;
            w.Subtasks[t.Id] = [];
        }
        const string selectSubtasks = """
            SELECT task_id, name, progress, start_date, end_date, process_trace, migrate_speed
            FROM subtasks WHERE task_id IN (SELECT value FROM json_each(@json)) ORDER BY id
            """;
        foreach (var s in await w.Connection.QueryAsync<SubtaskRow>(selectSubtasks, new { json }, tx))
            if (w.Subtasks.TryGetValue(s.TaskId, out var list)) list.Add(s);
    }

    /// <summary>Flushes the log the commits wrote to; runs beside <see cref="ApplyAsync"/>, on the writer's other loop.</summary>
    public Task SyncAsync(CancellationToken ct)
    {
        if (databasePath is not { } path) return Task.CompletedTask;
        // After a failed fsync the kernel may have dropped the log's unwritten pages and report the
        // next fsync as a success; the frames after the gap would then not survive a crash (their
        // checksums chain from the lost ones). So no report is acknowledged again until a restart
        // has recovered the log, as PostgreSQL stops on a failed fsync.
        if (flushFailed is { } failed) throw new IOException("An earlier flush of the write-ahead log failed; restart the server.", failed);
        try
        {
            SqliteWal.Flush(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            flushFailed = e;
            throw;
        }
        events.Raise();
        if (checkpointing.IsCompleted && Environment.TickCount64 >= nextCheckpoint)
        {
            nextCheckpoint = Environment.TickCount64 + CheckpointEveryMs;
            checkpointing = Task.Run(CheckpointAsync, CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    const int CheckpointEveryMs = 250;
    const int MaxPassesBeside = 3;
    const long FewFrames = 256;
    Task checkpointing = Task.CompletedTask;
    long nextCheckpoint;

    /// <summary>
    /// Copies the log into the database off the writer's path: the writer's connection does not
    /// checkpoint at commit (with synchronous = NORMAL, that would put two flushes in its commit).
    /// The first pass copies what is there while batches go on; the log only starts over when a
    /// transaction begins with all of it copied, which under steady load needs a pass that the
    /// writer waits for, with a flush of the database in it. That pass runs only once the log has
    /// grown past <see cref="RestartLogAfterFrames"/>. Before it, more passes run beside the writer
    /// while each still finds many new frames: what the writer's pass copies, and flushes while
    /// every report waits, is then only what came in during the last short pass (at 25,000 reports/s
    /// it held the writer 3.5–4.3 ms on average rather than 7.2–8.3).
    /// </summary>
    async Task CheckpointAsync()
    {
        try
        {
            await using var c = await db.OpenAsync(CancellationToken.None);
            const string pass = "PRAGMA wal_checkpoint(PASSIVE)";
            var (_, logFrames, _) = await c.QuerySingleAsync<(long Busy, long Log, long Copied)>(pass);
            if (logFrames < RestartLogAfterFrames) return;
            for (var i = 0; i < MaxPassesBeside; i++)
            {
                var (_, now, _) = await c.QuerySingleAsync<(long Busy, long Log, long Copied)>(pass);
                // A smaller count than before means the log has started over (a pass caught up between two batches).
                var added = now - logFrames;
                logFrames = now;
                if (added < FewFrames) break;
            }
            await gate.WaitAsync();
            try
            {
                await c.ExecuteAsync("PRAGMA wal_checkpoint(PASSIVE)");
            }
            finally
            {
                gate.Release();
            }
        }
        catch (SqliteException)
        {
            // A checkpoint that cannot run now runs at the next chance; nothing depends on this one.
        }
    }

    /// <summary>About 32 MB of log with 4 KiB pages; SQLite's own automatic checkpoint starts over at 1,000.</summary>
    const long RestartLogAfterFrames = 8_192;

    public void Dispose()
    {
        // A checkpoint in progress holds a connection and may wait for the gate.
        try
        {
            checkpointing.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // A checkpoint that failed leaves nothing to undo.
        }
        writer?.Dispose();
        writer = null;
        gate.Dispose();
    }

    const string UpdateSubtaskSql = """
        UPDATE subtasks SET progress = @progress, process_trace = @trace, migrate_speed = @speed, end_date = @ended
        WHERE task_id = @taskId AND name = @name
        """;
    const string InsertSubtaskSql = """
        INSERT INTO subtasks (task_id, name, progress, start_date, end_date, process_trace, migrate_speed)
        VALUES (@taskId, @name, @progress, @started, @ended, @trace, @speed)
        """;

    static void WriteSubtasks(Writer w, List<SubtaskRow> rows)
    {
        foreach (var s in rows)
        {
            if (s.IsNew) w.InsertSubtask.Add(s.TaskId).Add(s.Name).Add(s.Progress).Add(s.StartDate).Add(s.EndDate).Add(s.ProcessTrace).Add(s.MigrateSpeed).Run();
            else w.UpdateSubtask.Add(s.Progress).Add(s.ProcessTrace).Add(s.MigrateSpeed).Add(s.EndDate).Add(s.TaskId).Add(s.Name).Run();
        }
    }

    // A stop for over speed is error_for_overspeed done by the server; the pending STOP reaches
    // the agent even though the task is already ABORT, and its acknowledgement clears it.
    const string UpdateTaskSql = "UPDATE tasks SET state = @next, " + UpdateTaskColumns;
    const string UpdateTaskKeepingStateSql = "UPDATE tasks SET " + UpdateTaskColumns;
    const string UpdateTaskColumns = """
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
          agent_clock_skew_flagged = COALESCE(@skewFlagged, agent_clock_skew_flagged),
          last_sample_id = @lastSampleId
        WHERE id = @taskId
        """;

    static void WriteTasks(Writer w, IEnumerable<TaskWrite> writes)
    {
        foreach (var t in writes)
        {
            var r = t.Last;
            var update = t.StateChanged ? w.UpdateTask.Add(t.Next) : w.UpdateTaskKeepingState;
            update.Add(t.FirstAt).Add(t.Finished).Add(r.ReceivedAt).Add(r.Replicatesize).Add(r.Totalsize)
                .Add(r.MigrateSpeed).Add(r.CompressRate).Add(r.RemainTime).Add(t.Eta).Add(t.NeedMigrationTest)
                .Add(r.TotalCpuUsage).Add(r.AgentCpuUsage).Add(r.TotalMemUsage).Add(r.AgentMemUsage).Add(r.TotalDiskIo).Add(r.AgentDiskIo)
                .Add(t.SubtaskInfo).Add(t.Stopped).Add(TaskActions.OverSpeedErrorJson).Add(AgentCommands.Stop).Add(t.Outcome.DetectorJson)
                .Add(t.Skew?.Seconds).Add(t.Skew?.Flagged).Add(w.Tasks[t.TaskId].LastSampleId).Add(t.TaskId).Run();
        }
    }

    const string InsertSampleSql = """
        INSERT INTO samples (id, task_id, received_at, agent_time, subtask_name, progress, replicatesize, totalsize,
          process_trace, migrate_speed, compress_rate, remain_time, total_cpu_usage, agent_cpu_usage,
          total_mem_usage, agent_mem_usage, total_disk_io, agent_disk_io, need_migration_test, prev_id, opens_second)
        VALUES (@id, @taskId, @receivedAt, @agentTime, @subtask, @progress, @replicatesize, @totalsize,
          @trace, @migrateSpeed, @compressRate, @remainTime, @totalCpu, @agentCpu,
          @totalMem, @agentMem, @totalDiskIo, @agentDiskIo, @needMigrationTest, @prevId, @opensSecond)
        """;

    /// <summary>The first sample of each task in each span this long (a second) is indexed by time (migration 0019).</summary>
    internal const long IndexedSpanMs = 1_000;

    /// <summary>
    /// Each report's sample is also its progress event (migration 0018), so the samples and the
    /// events a report causes take their ids from one counter, in the order the reports were
    /// applied, and commit with the reports that caused them. Each sample links to its task's
    /// previous one (migration 0019).
    /// </summary>
    static void InsertSamplesAndEvents(Writer w, List<AppliedReport> applied)
    {
        var id = w.LastEventId.Scalar();
        var events = new List<NewTaskEvent>();
        foreach (var a in applied)
        {
            var r = a.Report;
            var task = w.Tasks[r.TaskId];
            var opensSecond = task.LastSampleAt is not { } last || last / IndexedSpanMs != r.ReceivedAt / IndexedSpanMs;
            w.InsertSample.Add(++id).Add(r.TaskId).Add(r.ReceivedAt).Add(r.AgentTime?.ToString()).Add(r.SubtaskName).Add(r.Progress)
                .Add(r.Replicatesize).Add(r.Totalsize).Add(r.ProcessTrace).Add(r.MigrateSpeed).Add(r.CompressRate).Add(r.RemainTime)
                .Add(r.TotalCpuUsage).Add(r.AgentCpuUsage).Add(r.TotalMemUsage).Add(r.AgentMemUsage).Add(r.TotalDiskIo).Add(r.AgentDiskIo)
                .Add(r.NeedMigrationTest).Add(task.LastSampleId).Add(opensSecond).Run();
            task.LastSampleId = id;
            task.LastSampleAt = r.ReceivedAt;
            events.Clear();
            TaskEventData.BeyondProgress(events, r, a.StateBefore, a.Outcome);
            foreach (var e in events) SqliteEventRows.Append(w.InsertEvent, e, ++id);
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
            WITH RECURSIVE chain(id) AS (
              SELECT last_sample_id FROM tasks WHERE id = @taskId AND domain_id = @domainId
              UNION ALL
              SELECT s.prev_id FROM chain JOIN samples s ON s.id = chain.id WHERE s.prev_id IS NOT NULL)
            SELECT s.* FROM chain JOIN samples s ON s.id = chain.id ORDER BY s.id
            """;
        return (await c.QueryAsync<Sample>(sql, new { domainId, taskId })).AsList();
    }
}
