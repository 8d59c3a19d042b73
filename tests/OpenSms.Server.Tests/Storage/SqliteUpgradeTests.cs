using Dapper;
using Microsoft.Data.Sqlite;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Storage;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// Migration 0018 changed how SQLite keeps the event log: a report's progress event became its
/// sample rather than a row of its own. A database written before it must read the same log after
/// the upgrade, with no event lost, none read twice, and new ids after every old one.
/// </summary>
public sealed class SqliteUpgradeTests(SqliteStoreDatabaseBefore0018 db) : StoreContract(db), IClassFixture<SqliteStoreDatabaseBefore0018>
{
    IEventStore Events => Db.Get<IEventStore>();

    [Fact]
    public async Task AnEventLogWrittenBeforeProgressEventsCameFromTheSamplesReadsTheSameAfterTheUpgrade()
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        await using (var c = await Db.Get<SqliteDb>().OpenAsync(Ct))
        {
            // Samples kept before the event log existed (migration 0005) have no event, so the
            // samples' counter ran ahead of the events'.
            for (var at = 1_000; at < 1_010; at++) await InsertSampleAsync(c, task, at);
            // From then until 0018, each report wrote its sample and its progress event, each table numbering its own rows.
            for (var at = 1_010; at < 1_013; at++)
            {
                await InsertSampleAsync(c, task, at);
                await c.ExecuteAsync(
                    "INSERT INTO events (domain_id, task_id, type, at, data) VALUES (@domainId, @taskId, @type, @at, @data)",
                    new { domainId = account.Id, taskId = task.Id, type = EventTypes.Progress, at, data = ProgressData(task, at) });
            }
        }
        var before = await ReadOldLogAsync(account.Id);
        var lastOldId = await LastAutoincrementAsync();
        Assert.Equal(3, before.Count(e => e.Type == EventTypes.Progress));

        await Db.Get<SqliteDb>().MigrateAsync(Ct);

        var after = await Events.ReadAfterAsync(0, account.Id, null, 100, Ct);
        Assert.Equal(before, after.Select(e => (e.Id, e.Type, e.At, e.Data)));

        var report = new ProgressReport(task.Id, account.Id, 2_000, "MIGRATE_LINUX_FILE", 40, 400, 1_000, "after the upgrade", null);
        Assert.Equal([new ProgressResult(ProgressStatus.Applied)], await Db.Progress.ApplyAsync([report], Ct));
        await Db.Progress.SyncAsync(Ct);

        var added = await Events.ReadAfterAsync(after[^1].Id, account.Id, null, 100, Ct);
        var progress = Assert.Single(added, e => e.Type == EventTypes.Progress);
        Assert.True(progress.Id > lastOldId, $"event {progress.Id} reuses an id given before the upgrade (up to {lastOldId})");
        Assert.Equal(2_000, progress.At);
        Assert.Equal(14, (await Db.Progress.ListSamplesAsync(account.Id, task.Id, Ct)).Count);

        // The events' retention still cuts the log by time, on both sides of the upgrade.
        await Events.DeleteBeforeAsync(1_500, Ct);
        var kept = before.Where(e => e.At >= 1_500).Select(e => e.Id).Concat(added.Select(e => e.Id));
        Assert.Equal(kept, (await Events.ReadAfterAsync(0, account.Id, null, 100, Ct)).Select(e => e.Id));
    }

    static Task<int> InsertSampleAsync(SqliteConnection c, MigrationTask task, long at) => c.ExecuteAsync("""
        INSERT INTO samples (task_id, received_at, subtask_name, progress, replicatesize, totalsize, process_trace)
        VALUES (@Id, @at, 'MIGRATE_LINUX_FILE', 10, 100, 1000, 'before the upgrade')
        """, new { task.Id, at });

    static string ProgressData(MigrationTask task, long at) => TaskEventData.Progress(task.Id, at, "MIGRATE_LINUX_FILE", 10, 100, 1_000, null, null);

    async Task<List<(long Id, string Type, long At, string Data)>> ReadOldLogAsync(string domainId)
    {
        await using var c = await Db.Get<SqliteDb>().OpenAsync(Ct);
        var rows = await c.QueryAsync<(long, string, long, string)>("SELECT id, type, at, data FROM events WHERE domain_id = @domainId ORDER BY id", new { domainId });
        return rows.AsList();
    }

    async Task<long> LastAutoincrementAsync()
    {
        await using var c = await Db.Get<SqliteDb>().OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>("SELECT max(seq) FROM sqlite_sequence WHERE name IN ('events', 'samples')");
    }
}

/// <summary>
/// Migration 0019 rebuilt the SQLite samples table as chains by task: the samples a database held
/// before it must be found, thinned and deleted through the chains as new ones are.
/// </summary>
public sealed class SqliteUpgradeTo0019Tests(SqliteStoreDatabaseBefore0019 db) : StoreContract(db), IClassFixture<SqliteStoreDatabaseBefore0019>
{
    [Fact]
    public async Task SamplesStoredBeforeTheChainsAreFoundThinnedContinuedAndDeletedThroughThem()
    {
        var (account, _, _) = await NewAccountAsync();
        var (dense, sparse) = (await NewTaskAsync(account.Id, name: "dense"), await NewTaskAsync(account.Id, name: "sparse"));
        await using (var c = await Db.Get<SqliteDb>().OpenAsync(Ct))
        {
            // One report every 10 ms from 10,000 to 13,990 for one task, three for the other among them.
            const string insert = """
                INSERT INTO samples (task_id, received_at, subtask_name, progress, replicatesize, totalsize, process_trace)
                VALUES (@taskId, @at, 'MIGRATE_LINUX_FILE', 10, @at, 1000000, 'before the upgrade')
                """;
            for (var at = 10_000L; at < 14_000; at += 10)
            {
                await c.ExecuteAsync(insert, new { taskId = dense.Id, at });
                if (at % 1_000 == 500) await c.ExecuteAsync(insert, new { taskId = sparse.Id, at });
            }
        }
        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(dense with { State = "RUNNING" }, "READY", Ct));

        await Db.Get<SqliteDb>().MigrateAsync(Ct);

        Assert.Equal(400, (await Db.Progress.ListSamplesAsync(account.Id, dense.Id, Ct)).Count);
        Assert.Equal([10_500L, 11_500, 12_500, 13_500], (await Db.Progress.ListSamplesAsync(account.Id, sparse.Id, Ct)).Select(s => s.ReceivedAt));
        var thinned = await Db.Get<IInsightStore>().RecentThinnedAsync(account.Id, [new RecentRead(dense.Id, 0)], 1_000, Ct);
        Assert.Equal([10_990L, 11_990, 12_990, 13_990], thinned[dense.Id].Samples.Select(s => s.At.ToUnixTimeMilliseconds()));

        var report = new ProgressReport(dense.Id, account.Id, 20_000, "MIGRATE_LINUX_FILE", 20, 20_000, 1_000_000, "after the upgrade", null);
        Assert.Equal([new ProgressResult(ProgressStatus.Applied)], await Db.Progress.ApplyAsync([report], Ct));
        var all = await Db.Progress.ListSamplesAsync(account.Id, dense.Id, Ct);
        Assert.Equal(401, all.Count);
        Assert.Equal("after the upgrade", all[^1].ProcessTrace);
        Assert.True(all[^1].Id > all[^2].Id);

        Assert.Equal(UpdateResult.Updated, await Db.Tasks.UpdateAsync(dense with { State = "MIGRATE_FAIL" }, "RUNNING", Ct));
        Assert.Equal(new DeleteOutcome(DeleteResult.Deleted), await Db.Tasks.DeleteAsync(account.Id, [dense.Id], Ct));
        await using (var c = await Db.Get<SqliteDb>().OpenAsync(Ct))
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM samples WHERE task_id = @Id", new { dense.Id }));
            Assert.Equal(4, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM samples WHERE task_id = @Id", new { sparse.Id }));
        }
    }
}
