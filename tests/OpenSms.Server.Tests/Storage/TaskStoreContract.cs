using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Tests.Storage;

public abstract class TaskStoreContract(StoreDatabase db) : StoreContract(db)
{
    static TaskQuery All(int limit = 200, int offset = 0) => new(null, null, null, null, null, limit, offset);

    [Fact]
    public async Task ACreatedTaskIsFoundWithItsSourceAndNoSubtasks()
    {
        var (account, _, _) = await NewAccountAsync();
        var source = await NewSourceAsync(account.Id);
        var task = await NewTaskAsync(account.Id, source.Id);

        Assert.Equal(task, (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task);
        Assert.Equal(Shown(source), (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Source);
        Assert.Empty((await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Subtasks);
        Assert.Equal(task, await Db.Tasks.FindBySourceAsync(account.Id, source.Id, Ct));
        Assert.Null(await Db.Tasks.FindAsync((await NewAccountAsync()).Account.Id, task.Id, Ct));
    }

    static TaskSource Shown(SourceServer s, string? migrationCycle = null) => new()
    {
        Id = s.Id, Name = s.Name, Ip = s.Ip, Ipv6 = s.Ipv6, OsType = s.OsType, OsVersion = s.OsVersion, State = s.State,
        LastVisitTime = s.LastVisitTime, MigrationCycle = migrationCycle ?? s.MigrationCycle,
        Copystate = s.Copystate, CopystateTaskId = s.CopystateTaskId, CopystateTaskState = s.CopystateTaskState,
    };

    [Theory]
    [InlineData("""{"migration_cycle": "testing", "a": 1}""", null, "testing")]
    [InlineData("""{"migration_cycle": "testing"}""", "cutovered", "cutovered")]
    [InlineData("""{"migration_cycle": 3}""", null, null)]
    [InlineData("""{"migration_cycle": true}""", null, null)]
    [InlineData("""{"migration_cycle": null}""", null, null)]
    [InlineData("""{"networks": []}""", null, null)]
    [InlineData("""[1, 2]""", null, null)]
    public async Task ATasksSourceShowsAndIsFoundByTheMigrationCycleSetOnItElseTheStringItRegisteredWith(string registration, string? set, string? shown)
    {
        var (account, _, _) = await NewAccountAsync();
        var source = SourceRow(account.Id) with { RegistrationJson = registration };
        await Db.Sources.RegisterAsync(source, Ct);
        if (set is not null) await Db.Get<ISourceDetailStore>().UpdateAsync(account.Id, source.Id, found => found.Source with { MigrationCycle = set }, Ct);
        var task = await NewTaskAsync(account.Id, source.Id);

        Assert.Equal(shown, (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Source!.MigrationCycle);
        Assert.Equal(shown, (await Db.Tasks.ListAsync(account.Id, All(), Ct)).Items.Single().Source!.MigrationCycle);
        // The sources' filter reads the same value: a registered number or boolean is not a cycle.
        var sources = new SourceQuery(null, null, null, null, null, null, null, 0, 100, 0);
        foreach (var cycle in new[] { "testing", "cutovered", "3", "true" })
            Assert.Equal(cycle == shown ? [source.Id] : [], (await Db.Sources.ListAsync(account.Id, sources with { MigrationCycle = cycle }, Ct)).Items.Select(s => s.Source.Id));
    }

    [Fact]
    public async Task ASourceTakesOneTaskAndOnlyItsOwnersTask()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var source = await NewSourceAsync(account.Id);
        var first = await NewTaskAsync(account.Id, source.Id);

        Assert.Equal((CreateTaskResult.SourceHasTask, first.Id), await Db.Tasks.CreateAsync(TaskRow(account.Id, source.Id, "second"), Ct));
        Assert.Equal((CreateTaskResult.SourceNotFound, null), await Db.Tasks.CreateAsync(TaskRow(other.Id, source.Id), Ct));
        Assert.Equal((CreateTaskResult.SourceNotFound, null), await Db.Tasks.CreateAsync(TaskRow(account.Id, NewId()), Ct));
    }

    [Fact]
    public async Task TwoTasksCreatedAtOnceForOneSourceYieldOneTask()
    {
        var (account, _, _) = await NewAccountAsync();
        var source = await NewSourceAsync(account.Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Db.Tasks.CreateAsync(TaskRow(account.Id, source.Id, $"t{i}"), Ct)));

        Assert.Single(results, r => r.Result == CreateTaskResult.Created);
        Assert.Equal(1, (await Db.Tasks.ListAsync(account.Id, All(), Ct)).Count);
    }

    [Fact]
    public async Task AnUpdateAppliesOnlyWhileTheStateIsTheOneExpected()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        var started = task with { State = "RUNNING", StartDate = 1_750_000_001_000, PendingCommand = null, Name = "renamed", EnterpriseProjectId = "ep-1" };

        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(started, "READY", Ct));
        Assert.Equal(UpdateResult.Conflict, await Db.Tasks.UpdateAsync(task, "READY", Ct));
        Assert.Equal(UpdateResult.NotFound, await Db.Tasks.UpdateAsync(task with { Id = NewId() }, "READY", Ct));

        Assert.Equal(started, (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task);
    }

    [Fact]
    public async Task ListingPagesNewestFirstAndFilters()
    {
        var (account, _, _) = await NewAccountAsync();
        var oldest = await NewTaskAsync(account.Id, name: "db-01", createDate: 1_000);
        var middle = await NewTaskAsync(account.Id, name: "web-01", createDate: 2_000);
        var newest = await NewTaskAsync(account.Id, name: "web-02", createDate: 3_000);
        await NewTaskAsync((await NewAccountAsync()).Account.Id, name: "web-03");
        await Db.Tasks.UpdateAsync(middle with { State = "RUNNING" }, "READY", Ct);

        var (count, page) = await Db.Tasks.ListAsync(account.Id, All(limit: 2), Ct);
        Assert.Equal(3, count);
        Assert.Equal([newest.Id, middle.Id], page.Select(t => t.Task.Id));
        Assert.Equal([oldest.Id], (await Db.Tasks.ListAsync(account.Id, All(limit: 2, offset: 2), Ct)).Items.Select(t => t.Task.Id));
        Assert.Equal([newest.Id, middle.Id], (await Db.Tasks.ListAsync(account.Id, All() with { Name = "web" }, Ct)).Items.Select(t => t.Task.Id));
        Assert.Equal([middle.Id], (await Db.Tasks.ListAsync(account.Id, All() with { State = "RUNNING" }, Ct)).Items.Select(t => t.Task.Id));
        Assert.Equal([oldest.Id], (await Db.Tasks.ListAsync(account.Id, All() with { SourceServerId = oldest.SourceServerId }, Ct)).Items.Select(t => t.Task.Id));
        Assert.Empty((await Db.Tasks.ListAsync(account.Id, All() with { EnterpriseProjectId = "ep-none" }, Ct)).Items);
    }

    [Fact]
    public async Task TheCountsByAccountAndStateFollowCreationsStateChangesReportsAndDeletions()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        async Task<(int All, int Ready, int Running, int Success)> Counts() => (
            (await Db.Tasks.ListAsync(account.Id, All(limit: 0), Ct)).Count,
            (await Db.Tasks.ListAsync(account.Id, All(limit: 0) with { State = "READY" }, Ct)).Count,
            (await Db.Tasks.ListAsync(account.Id, All(limit: 0) with { State = "RUNNING" }, Ct)).Count,
            (await Db.Tasks.ListAsync(account.Id, All(limit: 0) with { State = "MIGRATE_SUCCESS" }, Ct)).Count);

        var first = await NewTaskAsync(account.Id, name: "first");
        var second = await NewTaskAsync(account.Id, name: "second");
        var third = await NewTaskAsync(account.Id, name: "third");
        await NewTaskAsync(other.Id, name: "theirs");
        Assert.Equal((3, 3, 0, 0), await Counts());

        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(first with { State = "RUNNING" }, "READY", Ct));
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(second with { State = "RUNNING" }, "READY", Ct));
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(second with { State = "RUNNING", Name = "renamed" }, "RUNNING", Ct));
        Assert.Equal((3, 1, 2, 0), await Counts());

        // A batch of reports: one finishes its task, one only moves another.
        ProgressReport Report(MigrationTask t, string subtask) => new(t.Id, account.Id, 10, subtask, 100, 1, 1, "", null);
        await Db.Progress.ApplyAsync([Report(first, SubtaskNames.DetachAgentImage), Report(second, "MIGRATE_LINUX_FILE")], Ct);
        Assert.Equal("MIGRATE_SUCCESS", (await Db.Tasks.FindAsync(account.Id, first.Id, Ct))!.Task.State);
        Assert.Equal((3, 1, 1, 1), await Counts());

        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Db.Tasks.DeleteAsync(account.Id, [first.Id], Ct));
        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Db.Sources.DeleteAsync(account.Id, [third.SourceServerId], Ct));
        Assert.Equal((1, 0, 1, 0), await Counts());
        Assert.Equal(1, (await Db.Tasks.ListAsync(other.Id, All(), Ct)).Count);
        // Filters the kept counts do not cover are counted from the rows.
        Assert.Equal(1, (await Db.Tasks.ListAsync(account.Id, All() with { Name = "rename" }, Ct)).Count);
        Assert.Equal(0, (await Db.Tasks.ListAsync(account.Id, All() with { Name = "second" }, Ct)).Count);
        // Past the last match, or with no rows asked for, the count is still the number of matches.
        Assert.Equal((1, 0), await NameCount(All(limit: 1, offset: 5) with { Name = "rename" }));
        Assert.Equal((1, 0), await NameCount(All(limit: 0) with { Name = "rename" }));
        async Task<(int, int)> NameCount(TaskQuery q)
        {
            var (n, items) = await Db.Tasks.ListAsync(account.Id, q, Ct);
            return (n, items.Count);
        }
    }

    public static TheoryData<string, string[]> NameFilters => new()
    {
        // Names in the account: web-01, web-02, Web-03, db, 数据库-迁移, renamed (was old-web), quo"te, 50%_off, back\slash;
        // old-web-9 deleted, gone-web with its source.
        { "web", ["web-01", "web-02"] },
        { "Web", ["Web-03"] },
        { "web-0", ["web-01", "web-02"] },
        { "eb-0", ["web-01", "web-02", "Web-03"] },
        { "b", ["web-01", "web-02", "Web-03", "db", "back\\slash"] },
        { "db", ["db"] },
        { "数据库", ["数据库-迁移"] },
        { "库-迁", ["数据库-迁移"] },
        { "迁移", ["数据库-迁移"] },
        { "renamed", ["renamed"] },
        { "old", [] },
        { "gone", [] },
        { "o\"t", ["quo\"te"] },
        { "\"", ["quo\"te"] },
        { "web-01-longer", [] },
        { "x", [] },
        // LIKE's wildcards and escape are plain characters here.
        { "%", ["50%_off"] },
        { "_", ["50%_off"] },
        { "0%_o", ["50%_off"] },
        { "5_", [] },
        { "\\", ["back\\slash"] },
        { "k\\s", ["back\\slash"] },
    };

    [Theory]
    [MemberData(nameof(NameFilters))]
    public async Task TheNameFilterMatchesAnyPartOfTheNameExactlyAsWrittenThroughRenamesAndDeletions(string filter, string[] names)
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        foreach (var n in new[] { "web-01", "web-02", "Web-03", "db", "数据库-迁移", "quo\"te", "50%_off", "back\\slash" }) await NewTaskAsync(account.Id, name: n);
        await NewTaskAsync(other.Id, name: "web-99");
        var renamed = await NewTaskAsync(account.Id, name: "old-web");
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(renamed with { Name = "renamed" }, "READY", Ct));
        var deleted = await NewTaskAsync(account.Id, name: "old-web-9");
        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Db.Tasks.DeleteAsync(account.Id, [deleted.Id], Ct));
        var withSource = await NewTaskAsync(account.Id, name: "gone-web");
        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Db.Sources.DeleteAsync(account.Id, [withSource.SourceServerId], Ct));

        var (count, items) = await Db.Tasks.ListAsync(account.Id, All() with { Name = filter }, Ct);

        Assert.Equal(names.Order(StringComparer.Ordinal), items.Select(d => d.Task.Name).Order(StringComparer.Ordinal));
        Assert.Equal(names.Length, count);
    }

    [Fact]
    public async Task DeletingRefusesEveryoneWhenOneTaskIsActiveAndElseTakesSubtasksAndSamples()
    {
        var (account, _, _) = await NewAccountAsync();
        var ready = await NewTaskAsync(account.Id, name: "ready");
        var running = await NewTaskAsync(account.Id, name: "running");
        await Db.Progress.ApplyAsync([new ProgressReport(ready.Id, account.Id, 5, "MIGRATE_LINUX_FILE", 100, 1, 1, "", null)], Ct);
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(running with { State = "RUNNING" }, "READY", Ct));
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(ready with { State = "MIGRATE_FAIL" }, "RUNNING", Ct));

        Assert.Equal(new DeleteOutcome(DeleteResult.Busy, running.Id, "RUNNING"), await Db.Tasks.DeleteAsync(account.Id, [ready.Id, running.Id], Ct));
        Assert.Equal(new DeleteOutcome(DeleteResult.NotFound, "nope"), await Db.Tasks.DeleteAsync(account.Id, ["nope"], Ct));
        Assert.NotNull(await Db.Tasks.FindAsync(account.Id, ready.Id, Ct));

        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Db.Tasks.DeleteAsync(account.Id, [ready.Id], Ct));
        Assert.Null(await Db.Tasks.FindAsync(account.Id, ready.Id, Ct));
        Assert.Empty(await Db.Progress.ListSamplesAsync(account.Id, ready.Id, Ct));
    }

    [Fact]
    public async Task AuthorizationScopesNameTheSourceAndEnterpriseProjectOfTheOwnersResources()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        var expected = new ResourceScopeInfo(task.SourceServerId, "0");

        Assert.Equal(expected, await Db.Scopes.FindTaskScopeAsync(account.Id, task.Id, Ct));
        Assert.Equal(expected, await Db.Scopes.FindSourceScopeAsync(account.Id, task.SourceServerId, Ct));
        Assert.Null(await Db.Scopes.FindTaskScopeAsync((await NewAccountAsync()).Account.Id, task.Id, Ct));
        Assert.Null(await Db.Scopes.FindSourceScopeAsync(account.Id, NewId(), Ct));
    }

    [Fact]
    public async Task ASpeedScheduleIsKeptAsSetWithTheTasksOwnLimitAndThreshold()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);

        // Before any schedule: no windows, the task's own limit and the default threshold.
        var before = (await Db.Tasks.GetSpeedLimitAsync(account.Id, task.Id, Ct))!;
        Assert.Empty(before.Schedule.Windows);
        Assert.Null(before.Schedule.TimeZoneId);
        Assert.Equal(new TaskSpeedDefault(100, SpeedScheduleValidator.DefaultThreshold), before.TaskDefault);
        Assert.Empty((await Db.Tasks.ListOverSpeedEventsAsync(account.Id, task.Id, Ct))!);

        var schedule = new SpeedSchedule(
        [
            new SpeedWindow(0, 8 * 60, 18 * 60, 100, 20, WeekDays.Mon | WeekDays.Fri),
            new SpeedWindow(1, 22 * 60, 6 * 60 + 30, 0, 12.5, WeekDays.All),
        ], "Europe/Berlin");
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.SetSpeedLimitAsync(account.Id, task.Id, schedule, Ct));
        var after = (await Db.Tasks.GetSpeedLimitAsync(account.Id, task.Id, Ct))!;
        Assert.Equal(schedule.Windows, after.Schedule.Windows);
        Assert.Equal("Europe/Berlin", after.Schedule.TimeZoneId);
        // ShowTask's and ListTasks' rows carry the same limits, for the insight rules.
        foreach (var shown in new[] { (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!, (await Db.Tasks.ListAsync(account.Id, All(), Ct)).Items.Single() })
        {
            Assert.Equal(schedule.Windows, shown.Limits.Schedule.Windows);
            Assert.Equal("Europe/Berlin", shown.Limits.Schedule.TimeZoneId);
            Assert.Equal(after.TaskDefault, shown.Limits.TaskDefault);
        }

        // Replaced, not merged; and an empty schedule is kept as empty.
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.SetSpeedLimitAsync(account.Id, task.Id, SpeedSchedule.Empty, Ct));
        Assert.Empty((await Db.Tasks.GetSpeedLimitAsync(account.Id, task.Id, Ct))!.Schedule.Windows);

        // Someone else's task, or none, is not found.
        var (other, _, _) = await NewAccountAsync();
        Assert.Null(await Db.Tasks.GetSpeedLimitAsync(other.Id, task.Id, Ct));
        Assert.Null(await Db.Tasks.ListOverSpeedEventsAsync(other.Id, task.Id, Ct));
        Assert.Equal(UpdateResult.NotFound, await Db.Tasks.SetSpeedLimitAsync(other.Id, task.Id, schedule, Ct));
        Assert.Equal(UpdateResult.NotFound, await Db.Tasks.SetSpeedLimitAsync(account.Id, NewId(), schedule, Ct));
    }

    [Fact]
    public async Task TheTasksOwnThresholdIsReadFromItsSpecWhenItIsANumber()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);

        foreach (var (spec, threshold) in new[]
        {
            ("""{"over_speed_threshold": 42.5, "region_id":"opensms-1"}""", 42.5),
            ("""{"over_speed_threshold": 30}""", 30),
            ("""{"over_speed_threshold": "50"}""", SpeedScheduleValidator.DefaultThreshold),
            ("""{"over_speed_threshold": null}""", SpeedScheduleValidator.DefaultThreshold),
            ("""{"target_server": {"over_speed_threshold": 70}}""", SpeedScheduleValidator.DefaultThreshold),
        })
        {
            Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(task with { SpecJson = spec, SpeedLimit = 55 }, "READY", Ct));
            Assert.Equal(new TaskSpeedDefault(55, threshold), (await Db.Tasks.GetSpeedLimitAsync(account.Id, task.Id, Ct))!.TaskDefault);
            Assert.Equal(new TaskSpeedDefault(55, threshold), (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Limits.TaskDefault);
        }
    }
}
