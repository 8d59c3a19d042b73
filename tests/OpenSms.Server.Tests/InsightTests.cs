using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>
/// ETA, health, bottleneck and report history through the real host, driven by reports on a clock
/// that moves only when the test says.
/// </summary>
public sealed class InsightTests
{
    // Monday 2026-03-02 10:00 UTC.
    static readonly DateTimeOffset Monday10Utc = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    const long MB = 1_000_000;

    static JsonObject Report(long replicated, double speed, long total = 1000 * MB) =>
        Api.ProgressBody(progress: (int)(replicated * 100 / total), replicated: replicated, total: total)
            .With("migrate_speed", speed).With("total_cpu_usage", 20).With("agent_cpu_usage", 5).With("total_disk_io", 100);

    [Fact]
    public async Task ShowTaskAndListTasksEstimateFromTheObservedRateAndKeepTheAgentsRemainTimeWhenSent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        // Ten reports 5 s apart at 10 MB/s: 550 MB left at 10 MB/s is 55 s.
        for (var i = 0; i < 10; i++) await site.ReportAfterAsync(i == 0 ? 0 : 5, Report(i * 50 * MB, 80), ct);
        var now = site.Clock.GetUtcNow().ToUnixTimeMilliseconds();

        var task = await site.Admin.ShowTaskAsync(site.TaskId, ct);
        Assert.Equal("""{"seconds":55,"p10_seconds":55,"p90_seconds":55,"basis":"observed_rate"}""", task["eta"]!.ToJsonString());
        Assert.Equal("OK", task["health"]!.GetValue<string>());
        Assert.Equal("network", task["bottleneck"]!.GetValue<string>());
        Assert.Equal(55, task["remain_seconds"]!.GetValue<long>());
        Assert.Equal(now + 55_000, task["estimate_complete_time"]!.GetValue<long>());

        var listed = (await site.Admin.GetJsonAsync("/v3/tasks", ct))["tasks"]!.AsArray().Single()!;
        Assert.Equal(task["eta"]!.ToJsonString(), listed["eta"]!.ToJsonString());
        Assert.Equal("OK", listed["health"]!.GetValue<string>());

        await site.ReportAfterAsync(5, Report(500 * MB, 80).With("remain_time", 999), ct);
        task = await site.Admin.ShowTaskAsync(site.TaskId, ct);
        Assert.Equal(999, task["remain_seconds"]!.GetValue<long>());
        Assert.Equal(now + 5_000 + 999_000, task["estimate_complete_time"]!.GetValue<long>());
        Assert.Equal(50, task["eta"]!["seconds"]!.GetValue<long>());
    }

    [Fact]
    public async Task AnAgentSilentForFiveMinutesIsNoReportWithAnUnknownBottleneck()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        await site.ReportAfterAsync(0, Report(0, 80), ct);
        await site.ReportAfterAsync(5, Report(50 * MB, 80), ct);
        Assert.Equal("agent_speed", (await site.Admin.ShowTaskAsync(site.TaskId, ct))["eta"]!["basis"]!.GetValue<string>());

        site.Clock.Advance(TimeSpan.FromMinutes(5));
        var task = await site.Admin.ShowTaskAsync(site.TaskId, ct);
        Assert.Equal("NO_REPORT", task["health"]!.GetValue<string>());
        Assert.Equal("unknown", task["bottleneck"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReportsWhoseBytesStandStillForTenMinutesAreNoProgress()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        for (var i = 0; i < 10; i++) await site.ReportAfterAsync(i == 0 ? 0 : 60, Report(300 * MB, 0), ct);
        Assert.Equal("OK", (await site.Admin.ShowTaskAsync(site.TaskId, ct))["health"]!.GetValue<string>());

        await site.ReportAfterAsync(60, Report(300 * MB, 0), ct);
        var task = await site.Admin.ShowTaskAsync(site.TaskId, ct);
        Assert.Equal("NO_PROGRESS", task["health"]!.GetValue<string>());
        Assert.Equal("unknown", task["bottleneck"]!.GetValue<string>());
        Assert.Null(task["eta"]!["seconds"]);
    }

    [Fact]
    public async Task ATaskAtTheLimitOfTheWindowInForceIsThrottledBySchedule()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        using (var set = await site.Admin.PostAsync($"/v3/tasks/{site.TaskId}/speed-limit",
                   Api.RawJson("""{"speed_limit":[{"start":"08:00","end":"18:00","speed":8}]}"""), ct))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        for (var i = 0; i < 4; i++) await site.ReportAfterAsync(i == 0 ? 0 : 5, Report(i * 5 * MB, 8), ct);

        var task = await site.Admin.ShowTaskAsync(site.TaskId, ct);
        Assert.Equal("throttled_by_schedule", task["bottleneck"]!.GetValue<string>());
        Assert.Equal("RUNNING", task["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task SamplesComeInBucketsOfTheStepWithAvgAndMaxAndOnlyForTheOwnersAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        var from = site.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var speeds = new[] { 10.0, 20, 30, 40, 50 };
        for (var i = 0; i < speeds.Length; i++) await site.ReportAfterAsync(i == 0 ? 0 : 20, Report((i + 1) * 10 * MB, speeds[i]), ct);

        var history = await site.Admin.GetJsonAsync($"/v3/opensms/tasks/{site.TaskId}/samples?from={from}&to=2026-03-02T10:02:00Z&step=60", ct);
        var buckets = history["buckets"]!.AsArray().Select(b => b!.AsObject()).ToList();
        Assert.Equal([from, from + 60_000], buckets.Select(b => b["start"]!.GetValue<long>()));
        Assert.Equal([3, 2], buckets.Select(b => b["count"]!.GetValue<int>()));
        Assert.Equal("""{"avg":20,"max":30}""", buckets[0]["migrate_speed"]!.ToJsonString());
        Assert.Equal("""{"avg":45,"max":50}""", buckets[1]["migrate_speed"]!.ToJsonString());
        Assert.Equal(50 * MB, buckets[1]["replicatesize"]!["max"]!.GetValue<long>());
        Assert.Null(buckets[0]["compress_rate"]);

        using var stranger = await site.App.TenantClientAsync(ct);
        using (var hidden = await stranger.GetAsync($"/v3/opensms/tasks/{site.TaskId}/samples", ct))
            await hidden.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        using (var bad = await site.Admin.GetAsync($"/v3/opensms/tasks/{site.TaskId}/samples?step=0&from=yesterday", ct))
            await bad.AssertInvalidAsync(ct, "step", "from");
    }

    sealed class Site : IAsyncDisposable
    {
        public required OpenSmsApp App { get; init; }
        public required HttpClient Admin { get; init; }
        public required TestClock Clock { get; init; }
        public required string TaskId { get; init; }

        public static async Task<Site> StartAsync(CancellationToken ct)
        {
            var clock = new TestClock(Monday10Utc);
            var app = new OpenSmsApp { Clock = clock };
            var admin = await app.AdminClientAsync(ct);
            var taskId = await admin.NewTaskAsync(ct);
            return new Site { App = app, Admin = admin, Clock = clock, TaskId = taskId };
        }

        public Task ReportAfterAsync(int seconds, JsonObject body, CancellationToken ct)
        {
            Clock.Advance(TimeSpan.FromSeconds(seconds));
            return Admin.ReportOkAsync(TaskId, body, ct);
        }

        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            await App.DisposeAsync();
        }
    }
}
