using Dapper;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// On SQLite a task's samples are a chain, each naming the task's previous one (migration 0019),
/// with no foreign key to the task: what the key's cascade did, a trigger does along the chain.
/// </summary>
public sealed class SqliteSampleChainTests(SqliteStoreDatabase db) : StoreContract(db), IClassFixture<SqliteStoreDatabase>
{
    [Fact]
    public async Task DeletingATaskOrItsSourceDeletesEveryOneOfItsSamplesAndNoOneElses()
    {
        var (account, _, _) = await NewAccountAsync();
        var (byTask, kept, bySource) = (await NewTaskAsync(account.Id, name: "a"), await NewTaskAsync(account.Id, name: "b"), await NewTaskAsync(account.Id, name: "c"));
        // Interleaved over three batches, so each chain crosses the others' samples and the batches.
        for (var batch = 0; batch < 3; batch++)
            await Db.Progress.ApplyAsync([.. Enumerable.Range(0, 30).Select(i => new ProgressReport(
                new[] { byTask, kept, bySource }[i % 3].Id, account.Id, 1_000 + (batch * 100) + i, "MIGRATE_LINUX_FILE", 50, 1, 2, "", null))], Ct);
        foreach (var t in new[] { byTask, bySource })
            Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(t with { State = "MIGRATE_FAIL" }, "RUNNING", Ct));

        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Db.Tasks.DeleteAsync(account.Id, [byTask.Id], Ct));
        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Db.Sources.DeleteAsync(account.Id, [bySource.SourceServerId], Ct));

        Assert.Equal(0, await CountSamplesAsync(byTask.Id));
        Assert.Equal(30, await CountSamplesAsync(kept.Id));
        Assert.Equal(0, await CountSamplesAsync(bySource.Id));
        Assert.Equal(30, (await Db.Progress.ListSamplesAsync(account.Id, kept.Id, Ct)).Count);
    }

    async Task<long> CountSamplesAsync(string taskId)
    {
        await using var c = await Db.Get<SqliteDb>().OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM samples WHERE task_id = @taskId", new { taskId });
    }
}
