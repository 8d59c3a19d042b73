using System.Globalization;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Tests.Storage;

/// <summary>Rollup and purge of report history: the history endpoint's buckets answer the same over raw samples and rollups.</summary>
public abstract class SampleRetentionContract(StoreDatabase db) : StoreContract(db)
{
    // 2025-06-04T02:26:00Z, on a whole minute.
    const long T0 = 1_749_999_960_000;
    const long Minute = 60_000;
    const long Far = T0 + (365 * 24 * 60 * Minute);

    ISampleRetentionStore Retention => Db.Get<ISampleRetentionStore>();
    IInsightStore Insight => Db.Get<IInsightStore>();

    /// <summary>A report every 5 s for <paramref name="minutes"/> minutes; some fields sent only now and then, compress_rate only in the third minute.</summary>
    async Task<MigrationTask> TaskWithReportsAsync(int minutes)
    {
        var (account, _, _) = await NewAccountAsync();
        var task = await NewTaskAsync(account.Id);
        var reports = Enumerable.Range(0, minutes * 12).Select(i => new ProgressReport(
            task.Id, account.Id, T0 + (i * 5_000L), "MIGRATE_LINUX_FILE", i % 100, i * 1_000L, 1_000_000, "", null)
        {
            MigrateSpeed = i % 3 == 0 ? null : (i % 4) * 0.5,
            CompressRate = i / 12 == 2 ? 1.25 : null,
            RemainTime = i % 2 == 0 ? 1_000 - i : null,
            TotalCpuUsage = i % 10, AgentCpuUsage = 0.25 * (i % 8), TotalMemUsage = 2048, AgentMemUsage = 64 + i,
            TotalDiskIo = i % 5 == 0 ? null : i, AgentDiskIo = 0.5,
        }).ToList();
        Assert.All(await Db.Progress.ApplyAsync(reports, Ct), r => Assert.Equal(ProgressStatus.Applied, r.Status));
        return task;
    }

    async Task<string> BucketsAsync(MigrationTask task, long from, long to, int stepSeconds) =>
        string.Join("\n", (await Insight.BucketsAsync(task.DomainId, task.Id, from, to, stepSeconds * 1000L, Ct))!.Select(b =>
            $"{b.Start} n={b.Count} " + string.Join(" ", b.Fields.Where(f => f.Value.Avg is not null)
                .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}={f.Value.Avg:R}/{f.Value.Max:R}")))));

    async Task<int> RollUpAllAsync(long before, int maxRows)
    {
        var rolled = 0;
        var chunk = new RollupChunk(0, 0, false);
        while (!chunk.Done)
        {
            chunk = await Retention.RollUpAsync(chunk.Cursor, before, maxRows, Ct);
            rolled += chunk.Rolled;
        }
        return rolled;
    }

    [Fact]
    public async Task RolledUpSamplesAnswerTheSameBucketsAndLeaveNoRawRows()
    {
        var task = await TaskWithReportsAsync(minutes: 5);
        var steps = new[] { 60, 120, 300 };
        var before = await Task.WhenAll(steps.Select(s => BucketsAsync(task, T0, T0 + (10 * Minute), s)));
        Assert.Contains("compress_rate=1.25/1.25", before[0], StringComparison.Ordinal);

        // Seven rows a chunk splits minutes across transactions, so a minute's row is added to as well as created.
        Assert.True(await RollUpAllAsync(Far, maxRows: 7) >= 60);

        Assert.Empty(await Db.Progress.ListSamplesAsync(task.DomainId, task.Id, Ct));
        Assert.Equal(before, await Task.WhenAll(steps.Select(s => BucketsAsync(task, T0, T0 + (10 * Minute), s))));
    }

    [Fact]
    public async Task OnlySamplesBeforeTheHorizonAreRolledUpAndARangeSpanningBothAnswersTheSame()
    {
        var task = await TaskWithReportsAsync(minutes: 4);
        var before = await BucketsAsync(task, T0, T0 + (4 * Minute), 120);

        await RollUpAllAsync(T0 + (2 * Minute), maxRows: 1000);

        var raw = await Db.Progress.ListSamplesAsync(task.DomainId, task.Id, Ct);
        Assert.Equal(24, raw.Count);
        Assert.All(raw, s => Assert.True(s.ReceivedAt >= T0 + (2 * Minute)));
        Assert.Equal(before, await BucketsAsync(task, T0, T0 + (4 * Minute), 120));
        await RollUpAllAsync(Far, maxRows: 1000);
    }

    [Fact]
    public async Task ARollupCutShortAndRunAgainCountsEverySampleOnce()
    {
        var task = await TaskWithReportsAsync(minutes: 3);
        var before = await BucketsAsync(task, T0, T0 + (3 * Minute), 60);

        // One chunk of a pass, then the process "dies": the next pass starts over from the first id.
        Assert.False((await Retention.RollUpAsync(0, Far, 5, Ct)).Done);
        await RollUpAllAsync(Far, maxRows: 11);

        Assert.Equal(before, await BucketsAsync(task, T0, T0 + (3 * Minute), 60));
        Assert.Contains(" n=12 ", await BucketsAsync(task, T0, T0 + Minute, 60), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollupsOfMinutesBeforeTheirHorizonAreDeleted()
    {
        var task = await TaskWithReportsAsync(minutes: 3);
        await RollUpAllAsync(Far, maxRows: 1000);

        while (await Retention.DeleteRollupsBeforeAsync(T0 + (2 * Minute), 1, Ct) == 1) { }

        var left = await BucketsAsync(task, T0, T0 + (3 * Minute), 60);
        Assert.StartsWith($"{T0 + (2 * Minute)} n=12 ", left, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", left, StringComparison.Ordinal);
    }
}

public sealed class SqliteSampleRetentionTests(SqliteStoreDatabase db) : SampleRetentionContract(db), IClassFixture<SqliteStoreDatabase>;

public sealed class PostgresSampleRetentionTests(PostgresStoreDatabase db) : SampleRetentionContract(db), IClassFixture<PostgresStoreDatabase>;
