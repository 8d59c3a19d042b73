using Microsoft.Extensions.DependencyInjection;
using OpenSms.Core.Storage;
using OpenSms.Server.Insight;

namespace OpenSms.Server.Tests;

/// <summary>Retention through the real host: the history endpoint answers the same after the raw samples are rolled up.</summary>
public sealed class RetentionTests
{
    // Monday 2026-03-02 10:00 UTC.
    static readonly DateTimeOffset Monday10Utc = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task HistoryBucketsAreTheSameBeforeAndAfterTheRollupAndGoneAfterNinetyDays()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new TestClock(Monday10Utc);
        await using var app = new OpenSmsApp { Clock = clock };
        var admin = await app.AdminClientAsync(ct);
        var taskId = await admin.NewTaskAsync(ct);
        // Ten minutes of a report every 5 s, speed and CPU moving.
        for (var i = 0; i < 120; i++)
        {
            var body = Api.ProgressBody(progress: i / 2, replicated: i * 1_000_000L, total: 1_000_000_000L)
                .With("migrate_speed", 40 + (i % 7)).With("total_cpu_usage", i % 10 * 5).With("agent_cpu_usage", 2.5);
            await admin.ReportOkAsync(taskId, body, ct);
            clock.Advance(TimeSpan.FromSeconds(5));
        }
        var from = Monday10Utc.ToUnixTimeMilliseconds();
        var path = $"/v3/opensms/tasks/{taskId}/samples?from={from}&to={from + 3_600_000}";
        var minutes = (await admin.GetJsonAsync(path + "&step=60", ct)).ToJsonString();
        var fiveMinutes = (await admin.GetJsonAsync(path + "&step=300", ct)).ToJsonString();

        // 49 h later the ten minutes are past the 48 h raw horizon; a fresh report stays raw.
        clock.Advance(TimeSpan.FromHours(49));
        // Tokens expire long before that: sign in again.
        admin.Dispose();
        admin = await app.AdminClientAsync(ct);
        await admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 61, replicated: 121_000_000L, total: 1_000_000_000L), ct);
        var retention = app.Services.GetRequiredService<SampleRetention>();
        await retention.RunAsync(ct);

        var account = await app.Services.GetRequiredService<IAccountStore>().FindAccountByNameAsync("opensms", ct);
        Assert.Single(await app.Services.GetRequiredService<IProgressStore>().ListSamplesAsync(account!.Id, taskId, ct));
        Assert.Equal(minutes, (await admin.GetJsonAsync(path + "&step=60", ct)).ToJsonString());
        Assert.Equal(fiveMinutes, (await admin.GetJsonAsync(path + "&step=300", ct)).ToJsonString());
        var spanning = await admin.GetJsonAsync($"/v3/opensms/tasks/{taskId}/samples?from={from}&to={clock.GetUtcNow().ToUnixTimeMilliseconds() + 1}&step=86400", ct);
        Assert.Equal([120, 1], spanning["buckets"]!.AsArray().Select(b => b!["count"]!.GetValue<int>()));

        clock.Advance(TimeSpan.FromDays(90));
        await retention.RunAsync(ct);
        admin.Dispose();
        using var later = await app.AdminClientAsync(ct);
        Assert.Empty((await later.GetJsonAsync(path + "&step=60", ct))["buckets"]!.AsArray());
    }
}
