using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Core.Storage;
using OpenSms.Server.Events;

namespace OpenSms.Server.Tests;

/// <summary>
/// The events no single request writes (health, over-speed stops, retention) and the hub's treatment
/// of a slow subscriber, on a clock that moves only when the test says; the log is read directly.
/// </summary>
public sealed class EventJobTests : IAsyncLifetime
{
    // Monday 2026-03-02 10:00 UTC, 11:00 in Berlin.
    static readonly DateTimeOffset Monday10Utc = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    readonly TestClock clock = new(Monday10Utc);
    readonly OpenSmsApp app;
    HttpClient admin = null!;

    public EventJobTests() => app = new OpenSmsApp
    {
        Clock = clock,
        // The jobs run when the test calls them, not on their own timers in between.
        Settings = new Dictionary<string, string>
        {
            ["OpenSms:Events:HealthIntervalSeconds"] = "86400", ["OpenSms:Events:PruneIntervalSeconds"] = "86400",
            ["OpenSms:Events:SubscriberBuffer"] = "16",
        },
    };

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => admin = await app.AdminClientAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await app.DisposeAsync();
    }

    async Task<List<TaskEvent>> EventsAsync(string taskId, string? type = null) =>
        (await app.Services.GetRequiredService<IEventStore>().ReadAfterAsync(0, null, taskId, 1000, Ct))
        .Where(e => type is null || e.Type == type).ToList();

    static JsonObject Data(TaskEvent e) => JsonNode.Parse(e.Data)!.AsObject();

    // A report of an agent moving at 80 Mbit/s with nothing on the source busy: its bottleneck is the network.
    static JsonObject Telemetry(long replicated, long total) => Api.ProgressBody(replicated: replicated, total: total)
        .With("migrate_speed", 80).With("total_cpu_usage", 20).With("agent_cpu_usage", 5).With("total_disk_io", 100);

    Task ReportAfterAsync(string taskId, int seconds, JsonObject body)
    {
        clock.Advance(TimeSpan.FromSeconds(seconds));
        return admin.ReportOkAsync(taskId, body, Ct);
    }

    [Fact]
    public async Task TheHealthJobAnnouncesEachChangeOfHealthOrBottleneckOnce()
    {
        var taskId = await admin.NewTaskAsync(Ct, Kit.Unique("health"));
        var job = app.Services.GetRequiredService<HealthEventJob>();
        JsonObject Report(long replicated) => Telemetry(replicated, total: 1_000_000_000);
        await ReportAfterAsync(taskId, 0, Report(0));
        await ReportAfterAsync(taskId, 5, Report(50_000_000));

        Assert.True(await job.RunOnceAsync(Ct));
        Assert.True(await job.RunOnceAsync(Ct));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await job.RunOnceAsync(Ct));

        var health = await EventsAsync(taskId, EventTypes.Health);
        Assert.Equal(
            [("OK", "network", null), ("NO_REPORT", "unknown", "OK")],
            health.Select(e => Data(e)).Select(d => (d["health"]!.GetValue<string>(), d["bottleneck"]!.GetValue<string>(), d["previous_health"]?.GetValue<string>())));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), Data(health[1])["time"]!.GetValue<long>());

        // A stopped task has no health; started again, its health is announced afresh.
        await admin.ActOnTaskAsync(taskId, "stop", Ct);
        await admin.AcknowledgeAsync((await admin.ShowTaskAsync(taskId, Ct))["source_server"]!["id"]!.GetValue<string>(), "STOP", "success", Ct);
        Assert.True(await job.RunOnceAsync(Ct));
        await admin.ActOnTaskAsync(taskId, "start", Ct);
        await ReportAfterAsync(taskId, 5, Report(60_000_000));
        Assert.True(await job.RunOnceAsync(Ct));
        Assert.Equal(["OK", "NO_REPORT", "OK"], (await EventsAsync(taskId, EventTypes.Health)).Select(e => Data(e)["health"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ATaskThatReportsBetweenRoundsIsAssessedAgainAndOneThatDoesNotKeepsItsHealth()
    {
        var slowing = await admin.NewTaskAsync(Ct, Kit.Unique("slowing"));
        var steady = await admin.NewTaskAsync(Ct, Kit.Unique("steady"));
        var job = app.Services.GetRequiredService<HealthEventJob>();
        JsonObject Report(long replicated) => Telemetry(replicated, total: 10_000_000_000);
        for (var i = 0; i <= 8; i++)
        {
            await ReportAfterAsync(slowing, i == 0 ? 0 : 5, Report(i * 50_000_000L));
            await admin.ReportOkAsync(steady, Report(i * 50_000_000L), Ct);
        }
        Assert.True(await job.RunOnceAsync(Ct));

        // Three intervals at a hundredth of the rate: the reports since the last round make it SLOW.
        for (var i = 1; i <= 3; i++) await ReportAfterAsync(slowing, 5, Report((8 * 50_000_000L) + (i * 500_000L)));
        Assert.True(await job.RunOnceAsync(Ct));
        Assert.True(await job.RunOnceAsync(Ct));

        Assert.Equal(["OK", "SLOW"], (await EventsAsync(slowing, EventTypes.Health)).Select(e => Data(e)["health"]!.GetValue<string>()));
        Assert.Equal(["OK"], (await EventsAsync(steady, EventTypes.Health)).Select(e => Data(e)["health"]!.GetValue<string>()));
        Assert.Equal("SLOW", (await admin.ShowTaskAsync(slowing, Ct))["health"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASilentTaskStaysNoReportRoundAfterRoundAndIsAnnouncedOkWhenItsAgentReportsAgain()
    {
        var taskId = await admin.NewTaskAsync(Ct, Kit.Unique("silent"));
        var job = app.Services.GetRequiredService<HealthEventJob>();
        JsonObject Report(long replicated) => Telemetry(replicated, total: 1_000_000_000);
        await ReportAfterAsync(taskId, 0, Report(0));
        Assert.True(await job.RunOnceAsync(Ct));
        clock.Advance(TimeSpan.FromMinutes(6));
        // The first of these announces NO_REPORT; the later ones leave the settled task unread.
        for (var round = 0; round < 3; round++)
        {
            Assert.True(await job.RunOnceAsync(Ct));
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        await ReportAfterAsync(taskId, 5, Report(50_000_000));
        Assert.True(await job.RunOnceAsync(Ct));

        Assert.Equal(["OK", "NO_REPORT", "OK"], (await EventsAsync(taskId, EventTypes.Health)).Select(e => Data(e)["health"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AJobStartedAfreshAnnouncesWhatMovedSinceTheLastRoundAndNothingTwice()
    {
        JsonObject Report(long replicated) => Telemetry(replicated, total: 10_000_000_000);
        var before = app.Services.GetRequiredService<HealthEventJob>();
        var silent = await admin.NewTaskAsync(Ct, Kit.Unique("silent"));
        await ReportAfterAsync(silent, 0, Report(0));
        Assert.True(await before.RunOnceAsync(Ct));
        clock.Advance(TimeSpan.FromMinutes(6));
        var slowing = await admin.NewTaskAsync(Ct, Kit.Unique("slowing"));
        for (var i = 0; i <= 8; i++) await ReportAfterAsync(slowing, 5, Report(i * 50_000_000L));
        Assert.True(await before.RunOnceAsync(Ct));

        // The server restarts (a job that remembers nothing); meanwhile one agent slowed to a hundredth.
        var after = ActivatorUtilities.CreateInstance<HealthEventJob>(app.Services);
        for (var i = 1; i <= 3; i++) await ReportAfterAsync(slowing, 5, Report((8 * 50_000_000L) + (i * 500_000L)));
        Assert.True(await after.RunOnceAsync(Ct));
        Assert.True(await after.RunOnceAsync(Ct));

        Assert.Equal(["OK", "SLOW"], (await EventsAsync(slowing, EventTypes.Health)).Select(e => Data(e)["health"]!.GetValue<string>()));
        Assert.Equal(["OK", "NO_REPORT"], (await EventsAsync(silent, EventTypes.Health)).Select(e => Data(e)["health"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnAgentReportingEveryTwoSecondsThatStallsIsAnnouncedNoProgressOnceTenMinutesHavePassed()
    {
        // The health job reads one report per task per five seconds: faster reports are thinned, not a stall hidden.
        var taskId = await admin.NewTaskAsync(Ct, Kit.Unique("stalled"));
        var job = app.Services.GetRequiredService<HealthEventJob>();
        JsonObject Report(long replicated) => Telemetry(replicated, total: 10_000_000_000);
        for (var i = 0; i <= 15; i++) await ReportAfterAsync(taskId, i == 0 ? 0 : 2, Report(i * 20_000_000L));
        for (var s = 2; s <= 590; s += 2) await ReportAfterAsync(taskId, 2, Report(15 * 20_000_000L));
        Assert.True(await job.RunOnceAsync(Ct));
        for (var s = 592; s <= 610; s += 2) await ReportAfterAsync(taskId, 2, Report(15 * 20_000_000L));
        Assert.True(await job.RunOnceAsync(Ct));

        Assert.Equal(["OK", "NO_PROGRESS"], (await EventsAsync(taskId, EventTypes.Health)).Select(e => Data(e)["health"]!.GetValue<string>()));
        Assert.Equal("NO_PROGRESS", (await admin.ShowTaskAsync(taskId, Ct))["health"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnOverSpeedStopIsAnOverSpeedEventFollowedByTheStateChangeToAbort()
    {
        var taskId = await admin.NewTaskAsync(Ct, Kit.Unique("speed"));
        const string businessHours = """
            {"speed_limit":[{"start":"08:00","end":"18:00","speed":100,"over_speed_threshold":20}],"time_zone":"Europe/Berlin"}
            """;
        using (var set = await admin.PostAsync($"/v3/tasks/{taskId}/speed-limit", Api.RawJson(businessHours), Ct))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        await ReportAfterAsync(taskId, 0, Api.ProgressBody().With("migrate_speed", 50));
        foreach (var speed in new[] { 130.0, 150, 125, 121 }) await ReportAfterAsync(taskId, 20, Api.ProgressBody().With("migrate_speed", speed));

        var events = await EventsAsync(taskId);
        // The first state event is the task's creation (READY, no previous state).
        Assert.Equal(["state", "progress", "state", "progress", "progress", "progress", "progress", "overspeed", "state"], events.Select(e => e.Type));
        var stop = Data(events[^2]);
        Assert.True(stop["stopped"]!.GetValue<bool>());
        Assert.Equal((100, 150.0, 4), (stop["limit_mbps"]!.GetValue<int>(), stop["peak_mbps"]!.GetValue<double>(), stop["report_count"]!.GetValue<int>()));
        var state = Data(events[^1]);
        Assert.Equal(("ABORT", "RUNNING"), (state["state"]!.GetValue<string>(), state["previous_state"]!.GetValue<string>()));
        Assert.Equal(events[^1].At, events[^2].At);
    }

    [Fact]
    public async Task EventsOlderThanTheRetentionAreDeletedByTheRetentionJob()
    {
        var taskId = await admin.NewTaskAsync(Ct, Kit.Unique("old"));
        await ReportAfterAsync(taskId, 0, Api.ProgressBody(progress: 1));
        clock.Advance(TimeSpan.FromHours(23));
        await ReportAfterAsync(taskId, 0, Api.ProgressBody(progress: 2));
        clock.Advance(TimeSpan.FromHours(1.5));

        Assert.True(await app.Services.GetRequiredService<EventRetentionJob>().RunOnceAsync(Ct));

        var left = await EventsAsync(taskId);
        Assert.Equal([2], left.Select(e => Data(e)["progress"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ASubscriberThatFallsBehindIsDroppedWithoutHoldingUpReports()
    {
        var taskId = await admin.NewTaskAsync(Ct, Kit.Unique("slow"));
        await admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 1), Ct);
        var hub = app.Services.GetRequiredService<EventHub>();
        using var slow = await hub.SubscribeAsync((await EventsAsync(taskId))[0].DomainId, null, Ct);

        // Nobody reads the subscription: its buffer of 16 fills, and every report is still accepted.
        for (var i = 2; i <= 40; i++) await admin.ReportOkAsync(taskId, Api.ProgressBody(progress: i), Ct);

        var buffered = new List<TaskEvent>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await foreach (var e in slow.Events.ReadAllAsync(timeout.Token)) buffered.Add(e);
        Assert.True(slow.Overflowed);
        Assert.Equal(Enumerable.Range(2, 16), buffered.Select(e => Data(e)["progress"]!.GetValue<int>()));
        Assert.Equal(0, hub.SubscriberCount);
    }
}
