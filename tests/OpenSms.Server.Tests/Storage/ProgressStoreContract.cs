using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Tests.Storage;

public abstract class ProgressStoreContract(StoreDatabase db) : StoreContract(db)
{
    static ProgressReport Report(MigrationTask task, long at, string subtask = "MIGRATE_LINUX_FILE", int progress = 10, string trace = "") =>
        new(task.Id, task.DomainId, at, subtask, progress, progress * 10L, 1_000, trace, null);

    [Fact]
    public async Task AReportStartsTheTaskAndIsKeptAsASampleWithEveryNumber()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        Assert.True(AgentTime.TryParse("2025-06-01T10:20:30+02:00", out var agentTime));
        var report = new ProgressReport(task.Id, account.Id, 1_750_000_100_000, "MIGRATE_LINUX_BLOCK", 42, 4_200, 10_000, "block 42 — ünïcode", agentTime)
        {
            MigrateSpeed = 123.5, CompressRate = 1.5, RemainTime = 2_147_483_647, TotalCpuUsage = 55.5, AgentCpuUsage = 5.25,
            TotalMemUsage = 1_048_576, AgentMemUsage = 0, TotalDiskIo = 10_000, AgentDiskIo = 0.5, NeedMigrationTest = false,
        };

        Assert.Equal([new ProgressResult(ProgressStatus.Applied)], await Db.Progress.ApplyAsync([report], Ct));

        var sample = Assert.Single(await Db.Progress.ListSamplesAsync(account.Id, task.Id, Ct));
        Assert.Equal(new Sample
        {
            Id = sample.Id, TaskId = task.Id, ReceivedAt = 1_750_000_100_000, AgentTime = "2025-06-01T10:20:30+02:00",
            SubtaskName = "MIGRATE_LINUX_BLOCK", Progress = 42, Replicatesize = 4_200, Totalsize = 10_000, ProcessTrace = "block 42 — ünïcode",
            MigrateSpeed = 123.5, CompressRate = 1.5, RemainTime = 2_147_483_647, TotalCpuUsage = 55.5, AgentCpuUsage = 5.25,
            TotalMemUsage = 1_048_576, AgentMemUsage = 0, TotalDiskIo = 10_000, AgentDiskIo = 0.5, NeedMigrationTest = false,
        }, sample);
        var detail = (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!;
        Assert.Equal(task with
        {
            State = "RUNNING", StartDate = 1_750_000_100_000, Replicatesize = 4_200, Totalsize = 10_000, MigrateSpeed = 123.5,
            CompressRate = 1.5, RemainSeconds = 2_147_483_647, EstimateCompleteTime = 1_750_000_100_000 + 2_147_483_647_000L,
            TotalCpuUsage = 55.5, AgentCpuUsage = 5.25, TotalMemUsage = 1_048_576, AgentMemUsage = 0, TotalDiskIo = 10_000,
            AgentDiskIo = 0.5, NeedMigrationTest = false, LastReportAt = 1_750_000_100_000, SubtaskInfo = "MIGRATE_LINUX_BLOCK:42",
            // 2025-06-01T08:20:30Z by the agent's clock, received 2025-06-15T15:08:20Z: over five minutes behind.
            AgentClockSkewSeconds = -1_234_070, AgentClockSkewFlagged = true,
        }, detail.Task);
        var subtask = Assert.Single(detail.Subtasks);
        Assert.Equal(new Subtask
        {
            Id = subtask.Id, TaskId = task.Id, Name = "MIGRATE_LINUX_BLOCK", Progress = 42, StartDate = 1_750_000_100_000,
            ProcessTrace = "block 42 — ünïcode", MigrateSpeed = 123.5,
        }, subtask);
    }

    [Fact]
    public async Task ABatchIsAppliedInOrderWithOneResultPerReport()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id, name: "one");
        var stopped = await NewTaskAsync(account.Id, name: "two");
        await Db.Tasks.UpdateAsync(stopped with { State = "ABORT" }, "READY", Ct);

        var results = await Db.Progress.ApplyAsync(
        [
            Report(task, 1_000, progress: 50, trace: "first"),
            Report(task with { DomainId = other.Id }, 1_001, trace: "someone else's"),
            Report(task with { Id = NewId() }, 1_002, trace: "unknown"),
            Report(stopped, 1_003, trace: "stopped"),
            Report(task, 1_004, progress: 100, trace: "file done"),
            Report(task, 1_005, subtask: "MIGRATE_LINUX_BLOCK", progress: 3, trace: "next step"),
        ], Ct);

        Assert.Equal(
        [
            new ProgressResult(ProgressStatus.Applied), new ProgressResult(ProgressStatus.TaskNotFound),
            new ProgressResult(ProgressStatus.TaskNotFound), new ProgressResult(ProgressStatus.StateConflict, "ABORT"),
            new ProgressResult(ProgressStatus.Applied), new ProgressResult(ProgressStatus.Applied),
        ], results);
        Assert.Equal(["first", "file done", "next step"], (await Db.Progress.ListSamplesAsync(account.Id, task.Id, Ct)).Select(s => s.ProcessTrace));
        Assert.Empty(await Db.Progress.ListSamplesAsync(other.Id, task.Id, Ct));
        Assert.Empty(await Db.Progress.ListSamplesAsync(account.Id, stopped.Id, Ct));
        var subtasks = (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Subtasks;
        Assert.Equal([("MIGRATE_LINUX_FILE", 100, (long?)1_004), ("MIGRATE_LINUX_BLOCK", 3, null)], subtasks.Select(s => (s.Name, s.Progress, s.EndDate)));
    }

    [Fact]
    public async Task ABatchLeavesItsTaskAndSubtasksExactlyAsOneReportAtATimeWould()
    {
        // A batch writes each task and subtask once: what it leaves must not depend on how the reports were grouped.
        var (account, _, _) = await NewAccountAsync();
        var together = await NewTaskAsync(account.Id, name: "together");
        var alone = await NewTaskAsync(account.Id, name: "alone");
        Assert.True(AgentTime.TryParse("2026-03-02T10:00:30+00:00", out var agentTime));
        ProgressReport[] ReportsFor(MigrationTask t) =>
        [
            Report(t, 1_000, progress: 10, trace: "a") with { NeedMigrationTest = true, AgentTime = agentTime, MigrateSpeed = 40 },
            Report(t, 1_001, progress: 100, trace: "b"),
            Report(t, 1_002, subtask: "MIGRATE_LINUX_BLOCK", progress: 5, trace: "c") with { RemainTime = 60 },
            Report(t, 1_003, progress: 100, trace: "d") with { MigrateSpeed = 55, TotalCpuUsage = 12.5 },
            Report(t, 1_004, subtask: "MIGRATE_LINUX_BLOCK", progress: 7, trace: "e"),
        ];

        Assert.All(await Db.Progress.ApplyAsync(ReportsFor(together), Ct), r => Assert.Equal(ProgressStatus.Applied, r.Status));
        foreach (var r in ReportsFor(alone))
            Assert.Equal([new ProgressResult(ProgressStatus.Applied)], await Db.Progress.ApplyAsync([r], Ct));

        var batched = (await Db.Tasks.FindAsync(account.Id, together.Id, Ct))!;
        var single = (await Db.Tasks.FindAsync(account.Id, alone.Id, Ct))!;
        Assert.Equal(single.Task with { Id = together.Id, Name = together.Name, SourceServerId = together.SourceServerId }, batched.Task);
        static object Row(Subtask s) => (s.Name, s.Progress, s.StartDate, s.EndDate, s.ProcessTrace, s.MigrateSpeed);
        Assert.Equal(single.Subtasks.Select(Row), batched.Subtasks.Select(Row));
        Assert.Equal(
            (await Db.Progress.ListSamplesAsync(account.Id, alone.Id, Ct)).Select(s => s with { Id = 0, TaskId = "" }),
            (await Db.Progress.ListSamplesAsync(account.Id, together.Id, Ct)).Select(s => s with { Id = 0, TaskId = "" }));
    }

    [Fact]
    public async Task TheLastSubtaskAtAHundredFinishesTheTask()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);

        await Db.Progress.ApplyAsync([Report(task, 1_000, progress: 10), Report(task, 2_000, subtask: SubtaskNames.DetachAgentImage, progress: 100)], Ct);

        var found = (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!;
        Assert.Equal(("MIGRATE_SUCCESS", (long?)1_000, (long?)2_000), (found.Task.State, found.Task.StartDate, found.Task.FinishDate));
        Assert.All(found.Subtasks, s => Assert.NotNull(s.EndDate));
    }

    [Fact]
    public async Task BatchesWrittenAtOnceOnSharedTasksLoseNothingAndKeepEachWritersOrder()
    {
        // What several server instances do to one database: each writes its own batches, concurrently.
        var (account, _, _) = await NewAccountAsync();
        var tasks = new List<MigrationTask>();
        for (var i = 0; i < 6; i++) tasks.Add(await NewTaskAsync(account.Id, name: $"shared-{i}"));
        const int Writers = 6, Batches = 10;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                // Each writer visits every task in its own order (rotated, half of them reversed), the way reports arrive.
                var order = Enumerable.Range(0, tasks.Count).Select(i => tasks[(i + w + b) % tasks.Count]);
                var batch = (w % 2 == 1 ? order.Reverse() : order).Select(t => Report(t, 1_000 + b, progress: b, trace: $"w{w} b{b}")).ToList();
                Assert.All(await Db.Progress.ApplyAsync(batch, Ct), r => Assert.Equal(ProgressStatus.Applied, r.Status));
            }
        }, Ct)));

        foreach (var task in tasks)
        {
            var traces = (await Db.Progress.ListSamplesAsync(account.Id, task.Id, Ct)).Select(s => s.ProcessTrace).ToList();
            for (var w = 0; w < Writers; w++)
            {
                var mine = traces.Where(t => t.StartsWith($"w{w} ", StringComparison.Ordinal)).ToList();
                Assert.Equal(Enumerable.Range(0, Batches).Select(b => $"w{w} b{b}"), mine);
            }
            Assert.Equal(Writers * Batches, traces.Count);
        }
    }

    static ProgressReport Speed(MigrationTask task, long at, double mbps, AgentTime? agentTime = null) =>
        new(task.Id, task.DomainId, at, "MIGRATE_LINUX_FILE", 10, 100, 1_000, "", agentTime) { MigrateSpeed = mbps };

    const long T0 = 1_772_445_600_000; // 2026-03-02T10:00:00Z

    [Fact]
    public async Task ATaskOverItsLimitForTheWholeSlidingWindowIsStoppedWithSms9010AndOneStoppedEvent()
    {
        var (account, _, _) = await NewAccountAsync();
        // The task's own limit is 100 Mbit/s; the default threshold lets 110 through.
        var task = await NewTaskAsync(account.Id);
        Assert.True(AgentTime.TryParse("2026-03-02T10:00:30+00:00", out var agentTime));

        // Over for 40 s in one batch: a burst, not a stop.
        Assert.All(await Db.Progress.ApplyAsync(
            [Speed(task, T0, 150, agentTime), Speed(task, T0 + 20_000, 130), Speed(task, T0 + 40_000, 125)], Ct),
            r => Assert.Equal(ProgressStatus.Applied, r.Status));
        Assert.Equal("RUNNING", (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task.State);
        Assert.Empty((await Db.Tasks.ListOverSpeedEventsAsync(account.Id, task.Id, Ct))!);

        // Still over 60 s after the first: the whole sliding window, in the next batch.
        Assert.Equal([new ProgressResult(ProgressStatus.Applied)], await Db.Progress.ApplyAsync([Speed(task, T0 + 60_000, 121)], Ct));

        var stopped = (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task;
        Assert.Equal(("ABORT", TaskActions.OverSpeedErrorJson, AgentCommands.Stop), (stopped.State, stopped.ErrorJson, stopped.PendingCommand));
        Assert.Equal((30.0, false), (stopped.AgentClockSkewSeconds, stopped.AgentClockSkewFlagged));
        var e = Assert.Single((await Db.Tasks.ListOverSpeedEventsAsync(account.Id, task.Id, Ct))!);
        Assert.True(e.Stopped);
        Assert.Equal((T0, T0 + 60_000), (e.StartedAt.ToUnixTimeMilliseconds(), e.EndedAt.ToUnixTimeMilliseconds()));
        Assert.Equal((100, SpeedScheduleValidator.DefaultThreshold, 4, 150.0), (e.LimitMbps, e.OverSpeedThreshold, e.ReportCount, e.PeakMbps));
        Assert.Null(e.Window);
        Assert.Equal([150.0, 130, 125, 121], e.Samples.Select(s => s.SpeedMbps));
        Assert.Equal([30.0, null, null, null], e.Samples.Select(s => s.ClockSkewSeconds));

        // Stopped, the task takes no more reports.
        Assert.Equal([new ProgressResult(ProgressStatus.StateConflict, "ABORT")], await Db.Progress.ApplyAsync([Speed(task, T0 + 80_000, 150)], Ct));
    }

    [Fact]
    public async Task ARunUnderAWindowEndsAsANearMissAndAStateChangeStartsTheDetectorAfresh()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        var window = new SpeedWindow(0, 0, 23 * 60 + 59, 50, 20, WeekDays.All);
        await Db.Tasks.SetSpeedLimitAsync(account.Id, task.Id, new SpeedSchedule([window], null), Ct);

        // Over 60 (50 + 20 %) for 40 s, then under: a near miss, kept with its window.
        await Db.Progress.ApplyAsync([Speed(task, T0, 80), Speed(task, T0 + 20_000, 70), Speed(task, T0 + 40_000, 61), Speed(task, T0 + 50_000, 40)], Ct);
        var nearMiss = Assert.Single((await Db.Tasks.ListOverSpeedEventsAsync(account.Id, task.Id, Ct))!);
        Assert.Equal((false, window, 50, 20.0, 3, 80.0),
            (nearMiss.Stopped, nearMiss.Window, nearMiss.LimitMbps, nearMiss.OverSpeedThreshold, nearMiss.ReportCount, nearMiss.PeakMbps));

        // A new run of 40 s, then the task is stopped and started again by hand: the run is forgotten.
        await Db.Progress.ApplyAsync([Speed(task, T0 + 60_000, 80), Speed(task, T0 + 80_000, 80), Speed(task, T0 + 100_000, 80)], Ct);
        var running = (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task;
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(running with { State = "STOPPING" }, "RUNNING", Ct));
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(running, "STOPPING", Ct));
        await Db.Progress.ApplyAsync([Speed(task, T0 + 120_000, 80), Speed(task, T0 + 140_000, 80)], Ct);

        Assert.Equal("RUNNING", (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task.State);
        Assert.Single((await Db.Tasks.ListOverSpeedEventsAsync(account.Id, task.Id, Ct))!);
    }
}
