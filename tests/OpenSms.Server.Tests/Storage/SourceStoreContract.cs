using OpenSms.Core.Storage;

namespace OpenSms.Server.Tests.Storage;

public abstract class SourceStoreContract(StoreDatabase db) : StoreContract(db)
{
    static SourceQuery All(int limit = 200, int offset = 0) => new(null, null, null, null, null, null, null, 0, limit, offset);

    [Fact]
    public async Task ARegisteredSourceIsFoundWithItsRegistrationKeptWhole()
    {
        var (account, _, _) = await NewAccountAsync();
        var source = await NewSourceAsync(account.Id);

        var found = await Db.Sources.FindAsync(account.Id, source.Id, Ct);

        Assert.Equal(new SourceWithTask(source, null), found);
        Assert.Null(await Db.Sources.FindAsync(account.Id, NewId(), Ct));
    }

    [Fact]
    public async Task RegisteringAgainReplacesTheRegistrationAndProjectButKeepsTheAddDate()
    {
        var (account, _, _) = await NewAccountAsync();
        var source = await NewSourceAsync(account.Id);
        var again = source with
        {
            Name = "web-02", Ip = null, AddDate = source.AddDate + 5_000, LastVisitTime = source.AddDate + 5_000,
            EnterpriseProjectId = "ep-other", RegistrationJson = """{"name":"web-02"}""",
        };

        await Db.Sources.RegisterAsync(again, Ct);

        Assert.Equal(again with { AddDate = source.AddDate }, (await Db.Sources.FindAsync(account.Id, source.Id, Ct))!.Source);
    }

    [Fact]
    public async Task AnotherAccountCannotTakeOverASourceById()
    {
        var (owner, _, _) = await NewAccountAsync();
        var (intruder, _, _) = await NewAccountAsync();
        var source = await NewSourceAsync(owner.Id);

        await Db.Sources.RegisterAsync(source with { DomainId = intruder.Id, Name = "stolen" }, Ct);

        Assert.Equal(source, (await Db.Sources.FindAsync(owner.Id, source.Id, Ct))!.Source);
        Assert.Null(await Db.Sources.FindAsync(intruder.Id, source.Id, Ct));
    }

    [Fact]
    public async Task ListingPagesNewestFirstAndFilters()
    {
        var (account, _, _) = await NewAccountAsync();
        var oldest = await NewSourceAsync(account.Id, "db-01", addDate: 1_000);
        var middle = await NewSourceAsync(account.Id, "web-01", addDate: 2_000);
        var newest = await NewSourceAsync(account.Id, "web-02", addDate: 3_000);
        await NewSourceAsync((await NewAccountAsync()).Account.Id, "web-03");
        await Db.Tasks.CreateAsync(TaskRow(account.Id, middle.Id), Ct);

        var (count, page) = await Db.Sources.ListAsync(account.Id, All(limit: 2), Ct);
        Assert.Equal(3, count);
        Assert.Equal([newest.Id, middle.Id], page.Select(s => s.Source.Id));
        Assert.Equal([oldest.Id], (await Db.Sources.ListAsync(account.Id, All(limit: 2, offset: 2), Ct)).Items.Select(s => s.Source.Id));

        var byName = await Db.Sources.ListAsync(account.Id, All() with { Name = "web" }, Ct);
        Assert.Equal([newest.Id, middle.Id], byName.Items.Select(s => s.Source.Id));
        // The state shown (and filtered on) is the task's, mapped: a READY task makes its source "initialize".
        var initializing = await Db.Sources.ListAsync(account.Id, All() with { State = "initialize" }, Ct);
        Assert.Equal([middle.Id], initializing.Items.Select(s => s.Source.Id));
        Assert.Equal("READY", initializing.Items.Single().Task!.State);
        Assert.Equal(2, (await Db.Sources.ListAsync(account.Id, All() with { State = "waiting" }, Ct)).Count);
        Assert.Equal([oldest.Id], (await Db.Sources.ListAsync(account.Id, All() with { Id = oldest.Id }, Ct)).Items.Select(s => s.Source.Id));

        var connected = await Db.Sources.ListAsync(account.Id, All() with { Connected = true, ConnectedSince = 2_000 }, Ct);
        Assert.Equal([newest.Id, middle.Id], connected.Items.Select(s => s.Source.Id));
        var away = await Db.Sources.ListAsync(account.Id, All() with { Connected = false, ConnectedSince = 2_000 }, Ct);
        Assert.Equal([oldest.Id], away.Items.Select(s => s.Source.Id));
    }

    [Fact]
    public async Task DeletingRefusesEveryoneWhenOneSourceIsMigratingAndElseTakesTheirTasksAlong()
    {
        var (account, _, _) = await NewAccountAsync();
        var idle = await NewSourceAsync(account.Id, "idle");
        var finished = await NewSourceAsync(account.Id, "finished");
        var busy = await NewSourceAsync(account.Id, "busy");
        var done = await NewTaskAsync(account.Id, finished.Id);
        var running = await NewTaskAsync(account.Id, busy.Id);
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(done with { State = "MIGRATE_SUCCESS" }, "READY", Ct));
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(running with { State = "RUNNING" }, "READY", Ct));

        Assert.Equal(new DeleteOutcome(DeleteResult.Busy, busy.Id, "RUNNING"), await Db.Sources.DeleteAsync(account.Id, [idle.Id, busy.Id], Ct));
        Assert.NotNull(await Db.Sources.FindAsync(account.Id, idle.Id, Ct));
        Assert.Equal(new DeleteOutcome(DeleteResult.NotFound, "nope"), await Db.Sources.DeleteAsync(account.Id, ["nope"], Ct));

        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Db.Sources.DeleteAsync(account.Id, [idle.Id, finished.Id], Ct));
        Assert.Null(await Db.Sources.FindAsync(account.Id, idle.Id, Ct));
        Assert.Null(await Db.Tasks.FindAsync(account.Id, done.Id, Ct));
    }

    [Fact]
    public async Task APollIsRecordedOnlyForTheSourcesOwner()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var source = await NewSourceAsync(account.Id);

        Assert.True(await Db.Sources.TouchAsync(account.Id, source.Id, 9_000_000_000_000, Ct));
        Assert.False(await Db.Sources.TouchAsync(other.Id, source.Id, 9_000_000_000_001, Ct));

        Assert.Equal(9_000_000_000_000, (await Db.Sources.FindAsync(account.Id, source.Id, Ct))!.Source.LastVisitTime);
    }
}
