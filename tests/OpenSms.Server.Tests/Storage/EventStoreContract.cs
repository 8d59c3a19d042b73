using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Storage.Postgres;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server.Tests.Storage;

public abstract class EventStoreContract(StoreDatabase db) : StoreContract(db)
{
    IEventStore Events => Db.Get<IEventStore>();

    /// <summary>Appends in a transaction of its own with the provider's row helper, as a store's write path does.</summary>
    protected async Task AppendAsync(params NewTaskEvent[] events)
    {
        if (Db is PostgresStoreDatabase)
        {
            await using var c = await Db.Get<PostgresDb>().OpenAsync(Ct);
            await using var tx = await c.BeginTransactionAsync(Ct);
            await PostgresEventRows.AppendAsync(c, tx, events);
            await tx.CommitAsync(Ct);
        }
        else
        {
            await using var c = await Db.Get<SqliteDb>().OpenAsync(Ct);
            await using var tx = await c.BeginTransactionAsync(Ct);
            await SqliteEventRows.AppendAsync(c, tx, events);
            await tx.CommitAsync(Ct);
        }
    }

    static NewTaskEvent Event(string domainId, string taskId, long at, string type = EventTypes.Progress) =>
        new(domainId, taskId, type, at, $$"""{"task_id":"{{taskId}}","time":{{at}}}""");

    [Fact]
    public async Task AppendedEventsReadBackInOrderWithIncreasingIds()
    {
        var start = await Events.LastIdAsync(Ct);
        var (domain, task) = (NewId(), NewId());

        await AppendAsync(Event(domain, task, 1000), Event(domain, task, 2000, EventTypes.State));
        await AppendAsync(Event(domain, task, 3000, EventTypes.Health));

        var read = await Events.ReadAfterAsync(start, domain, null, 100, Ct);
        Assert.Equal([1000L, 2000, 3000], read.Select(e => e.At));
        Assert.Equal([EventTypes.Progress, EventTypes.State, EventTypes.Health], read.Select(e => e.Type));
        Assert.True(read[0].Id > start && read[0].Id < read[1].Id && read[1].Id < read[2].Id);
        Assert.Equal(new TaskEvent(read[0].Id, domain, task, EventTypes.Progress, 1000, $$"""{"task_id":"{{task}}","time":1000}"""), read[0]);
        Assert.Equal(read[2].Id, await Events.LastIdAsync(Ct));
    }

    [Fact]
    public async Task ReadingFiltersByAccountAndTaskAndHonoursTheLimitAndTheStart()
    {
        var (domain, other, task, sibling) = (NewId(), NewId(), NewId(), NewId());
        var start = await Events.LastIdAsync(Ct);
        await AppendAsync(Event(domain, task, 101), Event(other, task, 102), Event(domain, sibling, 103), Event(domain, task, 104));

        Assert.Equal([101L, 103, 104], (await Events.ReadAfterAsync(start, domain, null, 100, Ct)).Select(e => e.At));
        Assert.Equal([101L, 104], (await Events.ReadAfterAsync(start, domain, task, 100, Ct)).Select(e => e.At));
        Assert.Equal([101L, 102], (await Events.ReadAfterAsync(start, null, task, 2, Ct)).Select(e => e.At));
        var first = (await Events.ReadAfterAsync(start, domain, task, 1, Ct)).Single();
        Assert.Equal([104L], (await Events.ReadAfterAsync(first.Id, domain, task, 100, Ct)).Select(e => e.At));
    }

    [Fact]
    public async Task PruningDeletesOnlyEventsOlderThanTheCutOff()
    {
        var (domain, task) = (NewId(), NewId());
        var start = await Events.LastIdAsync(Ct);
        // Earlier than any other test's events, so the cut-off prunes only these.
        await AppendAsync(Event(domain, task, 10), Event(domain, task, 20), Event(domain, task, 30));

        Assert.True(await Events.DeleteBeforeAsync(21, Ct) >= 2);

        Assert.Equal([30L], (await Events.ReadAfterAsync(start, domain, null, 100, Ct)).Select(e => e.At));
    }

    [Fact]
    public async Task ABatchLargerThanOneStatementIsAppendedWhole()
    {
        var (domain, task) = (NewId(), NewId());
        var start = await Events.LastIdAsync(Ct);

        await AppendAsync([.. Enumerable.Range(0, 2500).Select(i => Event(domain, task, 1_000_000 + i))]);

        var read = await Events.ReadAfterAsync(start, domain, task, 5000, Ct);
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => 1_000_000L + i), read.Select(e => e.At));
    }

    [Fact]
    public async Task AReportsProgressEventIsLoggedWithItsFieldsInOrderWithTheEventsAroundItAndPrunedByTime()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        var start = await Events.LastIdAsync(Ct);
        const long at = 1_760_000_000_000;
        var first = new ProgressReport(task.Id, account.Id, at, "MIGRATE_LINUX_BLOCK", 42, 4_200, 10_000, "t1", null) { MigrateSpeed = 12.5, RemainTime = 60 };
        var second = new ProgressReport(task.Id, account.Id, at + 2_000, "MIGRATE_LINUX_BLOCK", 43, 4_300, 10_000, "t2", null);

        await Db.Progress.ApplyAsync([first], Ct);
        await AppendAsync(Event(account.Id, task.Id, at + 1_000, EventTypes.Health));
        await Db.Progress.ApplyAsync([second], Ct);

        var read = await Events.ReadAfterAsync(start, account.Id, task.Id, 100, Ct);
        // The first report also started the task: its state event follows its progress.
        Assert.Equal([EventTypes.Progress, EventTypes.State, EventTypes.Health, EventTypes.Progress], read.Select(e => e.Type));
        Assert.Equal(read.Select(e => e.Id).Order(), read.Select(e => e.Id));
        Assert.Equal(read.Count, read.Select(e => e.Id).Distinct().Count());
        Assert.Equal(read[^1].Id, await Events.LastIdAsync(Ct));
        Assert.Equal(new TaskEvent(read[0].Id, account.Id, task.Id, EventTypes.Progress, at,
            $$"""{"task_id":"{{task.Id}}","time":{{at}},"subtask_name":"MIGRATE_LINUX_BLOCK","progress":42,"replicatesize":4200,"totalsize":10000,"migrate_speed":12.5,"remain_seconds":60}"""), read[0]);
        Assert.EndsWith("\"migrate_speed\":null,\"remain_seconds\":null}", read[^1].Data, StringComparison.Ordinal);
        Assert.Equal([read[2].Id, read[3].Id], (await Events.ReadAfterAsync(read[1].Id, null, task.Id, 100, Ct)).Select(e => e.Id));
        Assert.Empty(await Events.ReadAfterAsync(start, NewId(), task.Id, 100, Ct));

        await Events.DeleteBeforeAsync(at + 1_500, Ct);

        Assert.Equal([at + 2_000], (await Events.ReadAfterAsync(start, account.Id, task.Id, 100, Ct)).Select(e => e.At));
    }

    [Fact]
    public async Task AStateChangeThroughTheTaskStoreIsAnnouncedInItsTransaction()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        var start = await Events.LastIdAsync(Ct);

        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(task with { State = "RUNNING" }, "READY", Ct));
        Assert.Equal(UpdateResult.Conflict, await Db.Tasks.UpdateAsync(task with { State = "ABORT" }, "READY", Ct));
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(task with { State = "RUNNING", Name = "renamed" }, "RUNNING", Ct));

        var e = Assert.Single(await Events.ReadAfterAsync(start, account.Id, task.Id, 100, Ct));
        Assert.Equal((EventTypes.State, account.Id), (e.Type, e.DomainId));
        Assert.Contains("\"state\":\"RUNNING\",\"previous_state\":\"READY\"", e.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedHealthIsSetOnlyFromTheValueReadAndForgottenWhenTheTaskStops()
    {
        var health = Db.Get<ITaskHealthStore>();
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(task with { State = "RUNNING" }, "READY", Ct));
        async Task<PublishedHealth?> FindAsync() => (await health.ListActiveAsync("", 10_000, null, Ct)).SingleOrDefault(p => p.Task.Id == task.Id);
        Assert.Equal((null, null), (await FindAsync() is { } p0 ? (p0.Health, p0.Bottleneck) : ("gone", "gone")));
        var start = await Events.LastIdAsync(Ct);

        Assert.Equal(1, await health.PublishAsync([new HealthChange(account.Id, task.Id, 5000, "OK", "network", null, null)], Ct));
        // Read before the first publish: the published value moved since, so this one is skipped.
        Assert.Equal(0, await health.PublishAsync([new HealthChange(account.Id, task.Id, 6000, "SLOW", "network", null, null)], Ct));
        Assert.Equal(("OK", "network"), (await FindAsync() is { } p1 ? (p1.Health, p1.Bottleneck) : default));
        var e = Assert.Single(await Events.ReadAfterAsync(start, account.Id, task.Id, 100, Ct));
        Assert.Equal((EventTypes.Health, 5000L), (e.Type, e.At));

        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(task with { State = "ABORT" }, "RUNNING", Ct));
        Assert.Null(await FindAsync());
        await health.ForgetInactiveAsync(Ct);
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(task with { State = "RUNNING" }, "ABORT", Ct));
        Assert.Equal((null, null), (await FindAsync() is { } p2 ? (p2.Health, p2.Bottleneck) : ("gone", "gone")));
    }

    [Fact]
    public async Task AnIncrementalHealthRoundReadsOnlyTheTasksWhoseHealthMayHaveMoved()
    {
        var health = Db.Get<ITaskHealthStore>();
        var (account, _, _) = await NewAccountAsync();
        // The previous round began after 10,000 and agents are silent from 5,000 (epoch ms); no report
        // came yet, so the start is each task's last activity.
        var unsettled = new UnsettledHealth(ReportedSince: 10_000, SilentFrom: 5_000);
        (long Active, string? Health, string? Bottleneck, bool Read)[] cases =
        [
            (1_000, null, null, true),                   // never announced
            (12_000, "OK", "network", true),             // reported since the previous round
            (7_000, "OK", "network", false),             // announced, quiet, not yet silent
            (4_000, "OK", "network", true),              // silent now, announced OK
            (4_000, "NO_REPORT", "unknown", false),      // silent and announced so: settled
            (11_000, "NO_REPORT", "unknown", true),      // announced silent, then reported
            (5_000, "NO_REPORT", "network", true),       // silent, bottleneck not yet unknown
        ];
        var ids = new List<string>();
        foreach (var (active, announced, bottleneck, _) in cases)
        {
            var source = await NewSourceAsync(account.Id, "unsettled-source", 1_750_000_000_000);
            var task = TaskRow(account.Id, source.Id, "unsettled") with { State = "RUNNING", StartDate = active };
            Assert.Equal(CreateTaskResult.Created, (await Db.Tasks.CreateAsync(task, Ct)).Result);
            if (announced is not null)
                Assert.Equal(1, await health.PublishAsync([new HealthChange(account.Id, task.Id, 1, announced, bottleneck, null, null)], Ct));
            ids.Add(task.Id);
        }

        var read = (await health.ListActiveAsync("", 100_000, unsettled, Ct)).Select(p => p.Task.Id).ToHashSet();
        Assert.Equal(cases.Select(c => c.Read), ids.Select(read.Contains));
        var all = (await health.ListActiveAsync("", 100_000, null, Ct)).Select(p => p.Task.Id).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, all));
    }

    [Fact]
    public async Task TheHealthJobsLastRoundIsKeptForWhicheverInstanceRunsTheNext()
    {
        // Only this test of the class records rounds, so the class's database has none before it.
        var health = Db.Get<ITaskHealthStore>();
        Assert.Null(await health.LastRoundAsync(Ct));

        await health.RecordRoundAsync(1_750_000_000_000, Ct);
        Assert.Equal(1_750_000_000_000, await health.LastRoundAsync(Ct));
        await health.RecordRoundAsync(1_750_000_030_000, Ct);
        Assert.Equal(1_750_000_030_000, await health.LastRoundAsync(Ct));
    }

    [Fact]
    public async Task TheCensusCountsTasksByStateAndTheMigratingOnesByTheHealthLastAnnounced()
    {
        var health = Db.Get<ITaskHealthStore>();
        var insight = Db.Get<IInsightStore>();
        var (account, _, _) = await NewAccountAsync();
        var before = await insight.CensusAsync(Ct);
        var running = await NewTaskAsync(account.Id);
        var assessed = await NewTaskAsync(account.Id);
        await NewTaskAsync(account.Id);
        foreach (var t in new[] { running, assessed })
            Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(t with { State = "RUNNING" }, "READY", Ct));
        Assert.Equal(1, await health.PublishAsync([new HealthChange(account.Id, assessed.Id, 5000, "SLOW", null, null, null)], Ct));

        var after = await insight.CensusAsync(Ct);

        static long Delta(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b, string key) =>
            b.GetValueOrDefault(key) - a.GetValueOrDefault(key);
        Assert.Equal(2, Delta(before.ByState, after.ByState, "RUNNING"));
        Assert.Equal(1, Delta(before.ByState, after.ByState, "READY"));
        // The task the job has not assessed yet is in no health.
        Assert.Equal(1, Delta(before.ByHealth, after.ByHealth, "SLOW"));
        Assert.Equal(1, after.ByHealth.Values.Sum() - before.ByHealth.Values.Sum());
    }
}
