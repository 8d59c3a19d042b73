using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// The stores of the rest of the SMS surface (task settings, consistency results, secure channel,
/// migration projects, templates, source details, privacy) and the insight history reads.
/// </summary>
public abstract class SurfaceStoreContract(StoreDatabase db) : StoreContract(db)
{
    ITaskSettingsStore Settings => Db.Get<ITaskSettingsStore>();
    IConsistencyStore Consistency => Db.Get<IConsistencyStore>();
    ISecureChannelStore SecureChannel => Db.Get<ISecureChannelStore>();
    IMigProjectStore MigProjects => Db.Get<IMigProjectStore>();
    ITemplateStore Templates => Db.Get<ITemplateStore>();
    ISourceDetailStore SourceDetails => Db.Get<ISourceDetailStore>();
    IPrivacyStore Privacy => Db.Get<IPrivacyStore>();
    IInsightStore Insight => Db.Get<IInsightStore>();

    static MigProject ProjectRow(string domainId, string name, bool isDefault = false, long createdAt = 1_750_000_000_000) => new()
    {
        Id = NewId(), DomainId = domainId, Name = name, Description = "desc " + name, IsDefault = isDefault, Region = "opensms-1",
        StartTargetServer = false, SpeedLimit = 50, UsePublicIp = true, ExistServer = false, Type = "MIGRATE_BLOCK",
        EnterpriseProject = "default", Syncing = true, StartNetworkCheck = null, CreatedAt = createdAt,
    };

    static VmTemplate TemplateRow(string domainId, string name, long createdAt, string? zone = "az-1") => new()
    {
        Id = NewId(), DomainId = domainId, Name = name, Region = "opensms-1", AvailabilityZone = zone,
        TemplateJson = """{"name": "tpl", "flavor":"s6.large"}""", TargetPasswordEnc = "sealed$pw", CreatedAt = createdAt,
    };

    [Fact]
    public async Task TaskSettingsAreKeptOnTheTaskAndOnlyTheOwnersTask()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);

        Assert.True(await Settings.SetNetworkCheckAsync(account.Id, task.Id, """{"delay": 1.5}""", Ct));
        Assert.False(await Settings.SetNetworkCheckAsync(other.Id, task.Id, "{}", Ct));
        Assert.True(await Settings.UpdateSpecialConfigAsync(account.Id, task.Id, old => (old ?? "") + "[a]", Ct));
        Assert.True(await Settings.UpdateSpecialConfigAsync(account.Id, task.Id, old => (old ?? "") + "[b]", Ct));
        Assert.False(await Settings.UpdateSpecialConfigAsync(other.Id, task.Id, _ => "x", Ct));
        // A result with no request pending changes nothing.
        await Settings.SetLogResultAsync(account.Id, task.Id, success: true, 5, Ct);
        Assert.Equal("INIT", (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task.LogCollectStatus);
        Assert.True(await Settings.RequestLogsAsync(account.Id, task.Id, "bucket-1", 10, Ct));
        await Settings.SetLogResultAsync(account.Id, task.Id, success: true, 20, Ct);

        var found = (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task;
        Assert.Equal("""{"delay": 1.5}""", found.NetworkCheckInfo);
        Assert.Equal("[a][b]", found.SpecialConfig);
        Assert.Equal(("UPLOADED", "bucket-1", 10L, 20L), (found.LogCollectStatus, found.LogBucket, found.LogRequestTime, found.LogUploadTime));

        Assert.True(await Settings.RequestLogsAsync(account.Id, task.Id, "bucket-2", 30, Ct));
        await Settings.SetLogResultAsync(account.Id, task.Id, success: false, 40, Ct);
        found = (await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task;
        Assert.Equal(("UPLOAD_FAIL", 30L, 20L), (found.LogCollectStatus, found.LogRequestTime, found.LogUploadTime));
    }

    [Fact]
    public async Task ConsistencyRunsAreListedOldestFirstAndMarkTheTask()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        Assert.False((await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task.ConsistencyResultExist);
        Assert.Empty((await Consistency.ListAsync(account.Id, task.Id, Ct))!);

        var first = new ConsistencyRun(2_000, "OK", """[{"dir_check": "/", "num_total_files": 3}]""");
        var second = new ConsistencyRun(1_000, "FAIL", "[]");
        Assert.True(await Consistency.AddAsync(account.Id, task.Id, first, Ct));
        Assert.True(await Consistency.AddAsync(account.Id, task.Id, second, Ct));
        Assert.False(await Consistency.AddAsync(other.Id, task.Id, first, Ct));

        Assert.Equal([first, second], await Consistency.ListAsync(account.Id, task.Id, Ct));
        Assert.Null(await Consistency.ListAsync(other.Id, task.Id, Ct));
        Assert.True((await Db.Tasks.FindAsync(account.Id, task.Id, Ct))!.Task.ConsistencyResultExist);
        var all = new SourceQuery(null, null, null, null, null, null, null, 0, 100, 0);
        Assert.Equal([task.SourceServerId], (await Db.Sources.ListAsync(account.Id, all with { IsConsistencyResultExist = true }, Ct)).Items.Select(s => s.Source.Id));
        Assert.Empty((await Db.Sources.ListAsync(account.Id, all with { IsConsistencyResultExist = false }, Ct)).Items);
    }

    [Fact]
    public async Task TheFirstSecureChannelMaterialIsKeptForGood()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);

        Assert.Equal(new SealedMaterial(true, null), await SecureChannel.FindAsync(account.Id, task.Id, Ct));
        Assert.Equal(new SealedMaterial(false, null), await SecureChannel.FindAsync(other.Id, task.Id, Ct));
        Assert.Null(await SecureChannel.AddAsync(other.Id, task.Id, "theirs", 1, Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => SecureChannel.AddAsync(account.Id, task.Id, $"sealed-{i}", 2, Ct)));

        Assert.Single(results.Distinct());
        Assert.Equal(new SealedMaterial(true, results[0]), await SecureChannel.FindAsync(account.Id, task.Id, Ct));
    }

    [Fact]
    public async Task MigrationProjectsKeepOneDefaultAndUniqueNames()
    {
        var (account, _, _) = await NewAccountAsync();
        var source = await NewSourceAsync(account.Id);
        var candidate = ProjectRow(account.Id, "default", createdAt: 1_000);

        var byDefault = await MigProjects.EnsureDefaultAsync(candidate, Ct);
        Assert.Equal(candidate with { IsDefault = true }, byDefault);
        Assert.Equal(byDefault, await MigProjects.EnsureDefaultAsync(ProjectRow(account.Id, "other"), Ct));

        var second = ProjectRow(account.Id, "second", createdAt: 2_000);
        Assert.Equal(MigProjectResult.Done, await MigProjects.CreateAsync(second, Ct));
        Assert.Equal(MigProjectResult.NameTaken, await MigProjects.CreateAsync(ProjectRow(account.Id, "second"), Ct));
        Assert.Equal(second, await MigProjects.FindAsync(account.Id, second.Id, Ct));

        // The source was in the default by default; moving the default pins it there.
        var all = new SourceQuery(null, null, null, null, null, null, null, 0, 100, 0);
        Assert.Equal([source.Id], (await Db.Sources.ListAsync(account.Id, all with { Migproject = byDefault.Id }, Ct)).Items.Select(s => s.Source.Id));
        Assert.Equal(MigProjectResult.Done, await MigProjects.SetDefaultAsync(account.Id, second.Id, Ct));
        Assert.Equal(byDefault.Id, (await Db.Sources.FindAsync(account.Id, source.Id, Ct))!.Source.MigprojectId);

        var (count, items) = await MigProjects.ListAsync(account.Id, 10, 0, Ct);
        Assert.Equal(2, count);
        Assert.Equal([(second.Id, true), (byDefault.Id, false)], items.Select(p => (p.Id, p.IsDefault)));

        Assert.Equal(MigProjectResult.IsDefault, await MigProjects.DeleteAsync(account.Id, second.Id, Ct));
        Assert.Equal(MigProjectResult.NameTaken, await MigProjects.UpdateAsync(byDefault with { Name = "second", IsDefault = false }, Ct));
        Assert.Equal(MigProjectResult.Done, await MigProjects.UpdateAsync(byDefault with { Name = "renamed", IsDefault = true, SpeedLimit = 7, StartNetworkCheck = true }, Ct));
        Assert.Equal(byDefault with { Name = "renamed", IsDefault = true, SpeedLimit = 7, StartNetworkCheck = true }, await MigProjects.FindAsync(account.Id, byDefault.Id, Ct));
        Assert.False((await MigProjects.FindAsync(account.Id, second.Id, Ct))!.IsDefault);

        Assert.Equal(MigProjectResult.Done, await MigProjects.DeleteAsync(account.Id, second.Id, Ct));
        Assert.Equal(MigProjectResult.NotFound, await MigProjects.DeleteAsync(account.Id, second.Id, Ct));
        Assert.Equal(MigProjectResult.NotFound, await MigProjects.SetDefaultAsync(account.Id, second.Id, Ct));
        Assert.Equal(MigProjectResult.NotFound, await MigProjects.UpdateAsync(second, Ct));
    }

    [Fact]
    public async Task TemplatesRoundTripPageAndDeleteAllOrNone()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var old = TemplateRow(account.Id, "web-template", 1_000);
        var mid = TemplateRow(account.Id, "db-template", 2_000, zone: "az-2");
        var recent = TemplateRow(account.Id, "web-2", 3_000);
        var theirs = TemplateRow(other.Id, "web-3", 4_000);
        foreach (var t in new[] { old, mid, recent, theirs }) await Templates.CreateAsync(t, Ct);

        Assert.Equal(old, await Templates.FindAsync(account.Id, old.Id, Ct));
        Assert.Null(await Templates.FindAsync(other.Id, old.Id, Ct));
        var all = new TemplateQuery(null, null, null, null, 2, 0);
        var (count, page) = await Templates.ListAsync(account.Id, all, Ct);
        Assert.Equal(3, count);
        Assert.Equal([recent.Id, mid.Id], page.Select(t => t.Id));
        Assert.Equal([recent.Id, old.Id], (await Templates.ListAsync(account.Id, all with { Name = "web", Limit = 10 }, Ct)).Items.Select(t => t.Id));
        Assert.Equal([mid.Id], (await Templates.ListAsync(account.Id, all with { AvailabilityZone = "az-2" }, Ct)).Items.Select(t => t.Id));

        var changed = old with { Name = "changed", TemplateJson = "{}", TargetPasswordEnc = null };
        Assert.True(await Templates.UpdateAsync(changed, Ct));
        Assert.False(await Templates.UpdateAsync(theirs with { DomainId = account.Id }, Ct));
        Assert.Equal(changed, await Templates.FindAsync(account.Id, old.Id, Ct));

        Assert.Equal(new DeleteOutcome(DeleteResult.NotFound, theirs.Id), await Templates.DeleteAsync(account.Id, [old.Id, theirs.Id], Ct));
        Assert.NotNull(await Templates.FindAsync(account.Id, old.Id, Ct));
        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Templates.DeleteAsync(account.Id, [old.Id, mid.Id], Ct));
        Assert.Equal([recent.Id], (await Templates.ListAsync(account.Id, all, Ct)).Items.Select(t => t.Id));
    }

    [Fact]
    public async Task SourceDetailsUpdateCountAndListErrors()
    {
        var (account, _, _) = await NewAccountAsync();
        var waiting = await NewSourceAsync(account.Id, "waiting", addDate: 1_000);
        var failed = await NewTaskAsync(account.Id, name: "failed", createDate: 2_000);
        var copied = await NewTaskAsync(account.Id, name: "copied", createDate: 3_000);
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(failed with { State = "ERROR" }, "READY", Ct));

        Assert.True(await SourceDetails.UpdateAsync(account.Id, copied.SourceServerId, found =>
        {
            Assert.Equal(copied.Id, found.Task!.Id);
            return found.Source with { Name = "renamed", MigrationCycle = "cutovering", Copystate = "UNAVAILABLE",
                CopystateTaskId = copied.Id, CopystateTaskState = "READY", StateActionTime = 5, StageActionTime = 6 };
        }, Ct));
        Assert.True(await SourceDetails.UpdateAsync(account.Id, waiting.Id, found =>
        {
            Assert.Null(found.Task);
            return null;
        }, Ct));
        Assert.False(await SourceDetails.UpdateAsync((await NewAccountAsync()).Account.Id, waiting.Id, _ => throw new InvalidOperationException(), Ct));

        var source = (await Db.Sources.FindAsync(account.Id, copied.SourceServerId, Ct))!.Source;
        Assert.Equal(("renamed", "cutovering", "UNAVAILABLE", 5L, 6L),
            (source.Name, source.MigrationCycle, source.Copystate, source.StateActionTime, source.StageActionTime));
        var all = new SourceQuery(null, null, null, null, null, null, null, 0, 100, 0);
        Assert.Equal([copied.SourceServerId], (await Db.Sources.ListAsync(account.Id, all with { MigrationCycle = "cutovering" }, Ct)).Items.Select(s => s.Source.Id));
        Assert.Equal([copied.SourceServerId], (await Db.Sources.ListAsync(account.Id, all with { State = "UNAVAILABLE" }, Ct)).Items.Select(s => s.Source.Id));

        Assert.Equal(new Dictionary<string, int> { ["waiting"] = 1, ["error"] = 1, ["UNAVAILABLE"] = 1 },
            await SourceDetails.CountByStateAsync(account.Id, Ct));

        var (count, errors) = await SourceDetails.ListErrorsAsync(account.Id, new ErrorQuery(null, null, 10, 0), Ct);
        Assert.Equal(1, count);
        var error = Assert.Single(errors);
        Assert.Equal(new ErrorServer { SourceId = failed.SourceServerId, Name = "failed-source", Hostname = "failed-source.local", Ip = "10.0.0.5",
            ErrorJson = failed.ErrorJson, TaskSpecJson = failed.SpecJson }, error);
        Assert.Equal(0, (await SourceDetails.ListErrorsAsync(account.Id, new ErrorQuery(NewId(), null, 10, 0), Ct)).Count);
    }

    [Fact]
    public async Task ThePrivacyAgreementIsRecordedOnce()
    {
        var (account, _, admin) = await NewAccountAsync();

        Assert.False(await Privacy.HasAgreedAsync(account.Id, Ct));
        await Privacy.AgreeAsync(account.Id, admin.Id, 1_000, Ct);
        await Privacy.AgreeAsync(account.Id, "someone-else", 2_000, Ct);

        Assert.True(await Privacy.HasAgreedAsync(account.Id, Ct));
        Assert.False(await Privacy.HasAgreedAsync((await NewAccountAsync()).Account.Id, Ct));
    }

    [Fact]
    public async Task InsightReadsRecentSamplesAndBuckets()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        var idle = await NewTaskAsync(account.Id, name: "idle");
        var theirs = await NewTaskAsync((await NewAccountAsync()).Account.Id, name: "theirs");
        ProgressReport Report(long at, int progress) => new(task.Id, account.Id, at, "MIGRATE_LINUX_FILE", progress, progress * 10L, 1_000, "", null);
        var results = await Db.Progress.ApplyAsync([Report(1_000, 10), Report(1_500, 20), Report(2_100, 30), Report(3_000, 40)], Ct);
        Assert.All(results, r => Assert.Equal(ProgressStatus.Applied, r.Status));

        RecentRead[] From(long? since, params string[] ids) => [.. ids.Select(id => new RecentRead(id, since))];
        // A task with no reports since, or none at all, is left out.
        var recent = await Insight.RecentAsync(From(1_500, task.Id, idle.Id, NewId()), Ct);
        Assert.Equal([task.Id], recent.Keys);
        Assert.Equal([20, 30, 40], recent[task.Id].Select(s => s.Progress));
        Assert.Equal(1_500, recent[task.Id][0].At.ToUnixTimeMilliseconds());
        Assert.Empty(await Insight.RecentAsync([], Ct));
        // Each task from its own point; none at all where the read says so.
        var own = await Insight.RecentAsync([new RecentRead(task.Id, 2_100), new RecentRead(idle.Id, null)], Ct);
        Assert.Equal([30, 40], own[task.Id].Select(s => s.Progress));
        Assert.Empty(await Insight.RecentAsync(From(null, task.Id), Ct));

        var buckets = (await Insight.BucketsAsync(account.Id, task.Id, 1_000, 3_000, 1_000, Ct))!;
        Assert.Equal([(1_000L, 2), (2_000L, 1)], buckets.Select(b => (b.Start, b.Count)));
        Assert.Equal((15.0, 20.0), buckets[0].Fields["progress"]);
        Assert.Equal((null, null), buckets[0].Fields["migrate_speed"]);
        Assert.Null(await Insight.BucketsAsync(account.Id, theirs.Id, 0, 10_000, 1_000, Ct));
    }

    [Fact]
    public async Task AThinnedInsightReadKeepsTheNewestReportOfEachSpanOldestFirst()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        var idle = await NewTaskAsync(account.Id, name: "idle");
        var theirs = await NewTaskAsync((await NewAccountAsync()).Account.Id, name: "theirs");
        ProgressReport Report(long at, int progress) => new(task.Id, account.Id, at, "MIGRATE_LINUX_FILE", progress, progress * 10L, 1_000, "", null);
        // Spans of 1,000 ms: [1,000, 2,000) holds three reports, [3,000, 4,000) two, one of them at the same
        // millisecond as a later one, which wins as the one stored last; [5,000, 6,000) holds none.
        await Db.Progress.ApplyAsync([Report(1_000, 10), Report(1_400, 11), Report(1_999, 12), Report(2_000, 20)], Ct);
        await Db.Progress.ApplyAsync([Report(3_000, 30), Report(3_500, 31), Report(3_500, 32), Report(6_999, 60)], Ct);

        var all = await Insight.RecentThinnedAsync(account.Id, [new RecentRead(task.Id, 0), new RecentRead(idle.Id, 0), new RecentRead(theirs.Id, 0)], 1_000, Ct);
        Assert.Equal(new[] { idle.Id, task.Id }.Order(StringComparer.Ordinal), all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([12, 20, 32, 60], all[task.Id].Samples.Select(s => s.Progress));
        Assert.Equal([1_999L, 2_000, 3_500, 6_999], all[task.Id].Samples.Select(s => s.At.ToUnixTimeMilliseconds()));
        Assert.Empty(all[idle.Id].Samples);
        Assert.Equal(task.SpeedLimit, all[task.Id].Limits.TaskDefault.LimitMbps);

        // From a point inside a span: what is before it is not read, even where its span's newest is after it.
        var since = await Insight.RecentThinnedAsync(account.Id, [new RecentRead(task.Id, 1_500)], 1_000, Ct);
        Assert.Equal([12, 20, 32, 60], since[task.Id].Samples.Select(s => s.Progress));
        var late = await Insight.RecentThinnedAsync(account.Id, [new RecentRead(task.Id, 3_600), new RecentRead(idle.Id, null)], 1_000, Ct);
        Assert.Equal([60], late[task.Id].Samples.Select(s => s.Progress));
        Assert.Empty(late[idle.Id].Samples);
        // Spans no wider than the gaps between reports keep every one of them, but one at the same millisecond.
        Assert.Equal([10, 11, 12, 20, 30, 32, 60],
            (await Insight.RecentThinnedAsync(account.Id, [new RecentRead(task.Id, 0)], 400, Ct))[task.Id].Samples.Select(s => s.Progress));
    }

    [Fact]
    public async Task ATaskWithMoreReportsThanTheThinnedReadTakesWholeIsThinnedTheSameWay()
    {
        var (account, _, _) = await NewAccountAsync();
        var dense = await NewTaskAsync(account.Id);
        var sparse = await NewTaskAsync(account.Id, name: "sparse");
        ProgressReport Report(string taskId, long at) => new(taskId, account.Id, at, "MIGRATE_LINUX_FILE", (int)(at / 100 % 100), at, 1_000_000, "", null);
        // Three early reports, then one every 10 ms from 10,000 to 13,490: 353, past what is read whole.
        await Db.Progress.ApplyAsync([Report(dense.Id, 1_000), Report(dense.Id, 3_000), Report(dense.Id, 5_000)], Ct);
        await Db.Progress.ApplyAsync([.. Enumerable.Range(0, 350).Select(i => Report(dense.Id, 10_000 + (i * 10L)))], Ct);
        await Db.Progress.ApplyAsync([Report(sparse.Id, 10_000), Report(sparse.Id, 10_500), Report(sparse.Id, 12_000)], Ct);

        var read = await Insight.RecentThinnedAsync(account.Id, [new RecentRead(dense.Id, 0), new RecentRead(sparse.Id, 0)], 1_000, Ct);

        Assert.Equal([1_000L, 3_000, 5_000, 10_990, 11_990, 12_990, 13_490], read[dense.Id].Samples.Select(s => s.At.ToUnixTimeMilliseconds()));
        Assert.Equal([10_500L, 12_000], read[sparse.Id].Samples.Select(s => s.At.ToUnixTimeMilliseconds()));
        // Spans that do not start on a second thin the same way.
        Assert.Equal([1_000L, 3_000, 5_000, 10_490, 10_990, 11_490, 11_990, 12_490, 12_990, 13_490],
            (await Insight.RecentThinnedAsync(account.Id, [new RecentRead(dense.Id, 0)], 500, Ct))[dense.Id].Samples.Select(s => s.At.ToUnixTimeMilliseconds()));
        // From inside the window only what is after its start counts, however many reports came before.
        Assert.Equal([13_490L], (await Insight.RecentThinnedAsync(account.Id, [new RecentRead(dense.Id, 13_000)], 1_000, Ct))[dense.Id]
            .Samples.Select(s => s.At.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public async Task ADenseTaskWhoseReceiveTimesWentBackIsThinnedByTimeAndTheReadEnds()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        ProgressReport Report(long at) => new(task.Id, account.Id, at, "MIGRATE_LINUX_FILE", 10, at, 1_000_000, "", null);
        // 300 reports from 10,000 to 12,990 ms, then the server's clock steps back and 50 more come from 5,000 to 5,490.
        await Db.Progress.ApplyAsync([.. Enumerable.Range(0, 300).Select(i => Report(10_000 + (i * 10L)))], Ct);
        await Db.Progress.ApplyAsync([.. Enumerable.Range(0, 50).Select(i => Report(5_000 + (i * 10L)))], Ct);

        var read = await Insight.RecentThinnedAsync(account.Id, [new RecentRead(task.Id, 0)], 1_000, Ct);

        Assert.Equal([5_490L, 10_990, 11_990, 12_990], read[task.Id].Samples.Select(s => s.At.ToUnixTimeMilliseconds()));
    }
}
