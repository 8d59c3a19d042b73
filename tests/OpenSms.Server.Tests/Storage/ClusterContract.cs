namespace OpenSms.Server.Tests.Storage;

/// <summary>Migrations and the cluster lock, which every provider offers in its own way.</summary>
public abstract class ClusterContract(StoreDatabase db) : StoreContract(db)
{
    [Fact]
    public async Task MigratingAgainChangesNothingAndTheDatabaseAnswers()
    {
        await Db.Database.MigrateAsync(Ct);

        Assert.True(await Db.Database.PingAsync(Ct));
        Assert.NotNull((await NewAccountAsync()).Account);
    }

    [Fact]
    public async Task AJobIsSkippedWhileAnotherRunOfTheSameNameHoldsTheLock()
    {
        var name = "job-" + NewId();
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = Db.ClusterLock.TryRunExclusiveAsync(name, async _ => { holding.SetResult(); await release.Task; }, Ct);
        await holding.Task.WaitAsync(Ct);
        var ranElsewhere = false;

        var second = await Db.ClusterLock.TryRunExclusiveAsync(name, _ => { ranElsewhere = true; return Task.CompletedTask; }, Ct);
        var otherName = await Db.ClusterLock.TryRunExclusiveAsync(name + "-other", _ => Task.CompletedTask, Ct);
        release.SetResult();

        Assert.True(await first);
        Assert.False(second);
        Assert.False(ranElsewhere);
        Assert.True(otherName);
        Assert.True(await Db.ClusterLock.TryRunExclusiveAsync(name, _ => Task.CompletedTask, Ct));
    }

    [Fact]
    public async Task AFailingJobReleasesTheLock()
    {
        var name = "job-" + NewId();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Db.ClusterLock.TryRunExclusiveAsync(name, _ => throw new InvalidOperationException("boom"), Ct));

        Assert.True(await Db.ClusterLock.TryRunExclusiveAsync(name, _ => Task.CompletedTask, Ct));
    }
}
