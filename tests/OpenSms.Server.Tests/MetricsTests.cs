using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Server.Events;

namespace OpenSms.Server.Tests;

/// <summary>/metrics through the real host: the series a scrape shows after real traffic, and who may scrape.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task AScrapeCountsAcceptedAndRejectedReportsBatchesTasksAndRequestLatency()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OpenSmsApp();
        using var admin = await app.AdminClientAsync(ct);
        var taskId = await admin.NewTaskAsync(ct);
        for (var i = 1; i <= 3; i++) await admin.ReportOkAsync(taskId, Api.ProgressBody(progress: i * 10, replicated: i * 100), ct);
        using (var invalid = await admin.ReportAsync(taskId, Api.ProgressBody(progress: 101), ct)) Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using (var unknown = await admin.ReportAsync(Guid.NewGuid().ToString(), Api.ProgressBody(), ct)) Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // The health gauge counts what the health-event job announced.
        Assert.True(await app.Services.GetRequiredService<HealthEventJob>().RunOnceAsync(ct));

        var text = await ScrapeAsync(app.CreateClient(), ct);

        Assert.Equal(3, Value(text, "opensms_progress_accepted_total"));
        Assert.Equal(1, Value(text, "opensms_progress_rejected_total", "error_code=\"SMS.9001\""));
        Assert.Equal(1, Value(text, "opensms_progress_rejected_total", "error_code=\"SMS.9005\""));
        // The unknown task's report goes through the writer too (the store finds no task); the invalid one never gets there.
        Assert.Equal(4, Value(text, "opensms_ingest_batch_size_sum"));
        Assert.Equal(1, Value(text, "opensms_tasks", "state=\"RUNNING\""));
        Assert.Equal(1, Value(text, "opensms_tasks_health", "health=\"OK\""));
        Assert.True(Value(text, "http_server_request_duration_seconds_count", "http_route=\"/v3/tasks/{task_id}/progress\"", "http_response_status_code=\"200\"") >= 3);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KestrelsPerBlockMemoryPoolSeriesAreNotCollectedAndItsRareOnesAre()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OpenSmsApp();
        // The test host has no Kestrel, so its pool's instruments are made here, by the host's own factory, under their real names.
        using var pool = app.Services.GetRequiredService<IMeterFactory>().Create("Microsoft.AspNetCore.MemoryPool");
        pool.CreateCounter<long>("aspnetcore.memory_pool.rented", "By").Add(4096);
        pool.CreateUpDownCounter<long>("aspnetcore.memory_pool.pooled", "By").Add(4096);
        pool.CreateCounter<long>("aspnetcore.memory_pool.allocated", "By").Add(4096);

        var text = await ScrapeAsync(app.CreateClient(), ct);

        Assert.DoesNotContain("aspnetcore_memory_pool_rented", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool_pooled", text, StringComparison.Ordinal);
        Assert.Equal(4096, Value(text, "aspnetcore_memory_pool_allocated_bytes_total"));
    }

    [Fact]
    public async Task TheSseSubscriberGaugeCountsTheHubsOpenStreams()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OpenSmsApp();
        var hub = app.Services.GetRequiredService<EventHub>();
        using var open = await hub.SubscribeAsync("some-account", null, ct);
        using (await hub.SubscribeAsync("some-account", "some-task", ct)) { }

        Assert.Equal(1, Value(await ScrapeAsync(app.CreateClient(), ct), "opensms_sse_subscribers"));
    }

    [Fact]
    public async Task TheHealthJobsRoundsAreCountedFullOnANewDatabaseThenIncrementalEvenInAFreshJob()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OpenSmsApp();
        var job = app.Services.GetRequiredService<HealthEventJob>();
        Assert.True(await job.RunOnceAsync(ct));
        Assert.True(await job.RunOnceAsync(ct));
        // A job that remembers nothing, as after a restart or on another instance: it goes on from the database's last round.
        Assert.True(await ActivatorUtilities.CreateInstance<HealthEventJob>(app.Services).RunOnceAsync(ct));

        var text = await ScrapeAsync(app.CreateClient(), ct);

        Assert.Equal(1, Value(text, "opensms_health_round_duration_seconds_count", "kind=\"full\""));
        Assert.Equal(2, Value(text, "opensms_health_round_duration_seconds_count", "kind=\"incremental\""));
    }

    [Fact]
    public async Task WithATokenConfiguredAScrapeWithoutItIs401()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OpenSmsApp { Settings = new Dictionary<string, string> { ["OpenSms:Metrics:Token"] = "scrape-secret" } };
        using var client = app.CreateClient();

        using (var anonymous = await client.GetAsync("/metrics", ct)) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        using (var wrong = await client.GetAsync("/metrics", ct)) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "scrape-secret");
        Assert.Contains("# TYPE", await ScrapeAsync(client, ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledMetricsHaveNoRoute()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OpenSmsApp { Settings = new Dictionary<string, string> { ["OpenSms:Metrics:Enabled"] = "false" } };
        using var response = await app.CreateClient().GetAsync("/metrics", ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    static async Task<string> ScrapeAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/metrics", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>The sum of the samples of <paramref name="series"/> whose labels include all of <paramref name="labels"/>.</summary>
    static double Value(string text, string series, params string[] labels)
    {
        var lines = text.Split('\n').Where(l => l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal))).ToList();
        Assert.True(lines.Count > 0, $"no {series} {string.Join(",", labels)} in:\n{text}");
        // A sample line is `name{labels} value [timestamp]`; labels may hold spaces only inside quotes, which ours never do.
        return lines.Sum(l => double.Parse(l[(l.LastIndexOf('}') is var close and >= 0 ? close + 1 : series.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }
}
