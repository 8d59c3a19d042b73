using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Tests;

/// <summary>
/// Over-speed protection through the progress API. Each test runs its own host on a clock that
/// moves only when the test says, so every report's receive time is exact.
/// </summary>
public sealed class OverSpeedTests
{
    // Monday 2026-03-02 10:00 UTC, 11:00 in Berlin.
    static readonly DateTimeOffset Monday10Utc = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    const string BusinessHours = """
        {"speed_limit":[{"start":"08:00","end":"18:00","speed":100,"over_speed_threshold":20}],"time_zone":"Europe/Berlin"}
        """;

    [Fact]
    public async Task ATaskOverItsLimitForLessThanTheSlidingWindowKeepsRunningAndLongerIsStoppedUntilStartedAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        await site.SetScheduleAsync(BusinessHours, ct);
        await site.ReportAsync(50, ct);

        // Three over-speed reports spanning 40 s, then one under: a burst, not a stop.
        foreach (var speed in new[] { 130.0, 150, 125, 90 }) await site.ReportAfterAsync(20, speed, ct);
        Assert.Equal("RUNNING", await site.StateAsync(ct));

        // Four over-speed reports spanning 60 s: the whole sliding window.
        foreach (var speed in new[] { 130.0, 150, 125 }) await site.ReportAfterAsync(20, speed, ct);
        Assert.Equal("RUNNING", await site.StateAsync(ct));
        await site.ReportAfterAsync(20, 121, ct);

        var task = await site.Admin.ShowTaskAsync(site.TaskId, ct);
        Assert.Equal("ABORT", task["state"]!.GetValue<string>());
        var error = JsonNode.Parse(task["error_json"]!.GetValue<string>())!;
        Assert.Equal("SMS.9010", error["error_code"]!.GetValue<string>());
        Assert.Equal("stopped for exceeding the speed limit", error["error_msg"]!.GetValue<string>());
        Assert.Equal("STOP", await site.CommandAsync(ct));
        var events = (await site.EventsAsync(ct)).ToList();
        Assert.Equal([true, false], events.Select(e => e["stopped"]!.GetValue<bool>()));
        Assert.Equal(9, await site.SampleCountAsync(ct));

        using (var refused = await site.Admin.ReportAsync(site.TaskId, Report(130, site.AgentTime()), ct))
            await refused.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        await site.Admin.ActOnTaskAsync(site.TaskId, "start", ct);

        task = await site.Admin.ShowTaskAsync(site.TaskId, ct);
        Assert.Equal("RUNNING", task["state"]!.GetValue<string>());
        Assert.Equal("", task["error_json"]!.GetValue<string>());
        Assert.Equal("START", await site.CommandAsync(ct));
        // The detector starts afresh: the first report over the limit after the start stops nothing.
        await site.ReportAfterAsync(20, 150, ct);
        Assert.Equal("RUNNING", await site.StateAsync(ct));
    }

    [Fact]
    public async Task TheStoppingEventKeepsTheWindowTheLimitAndEverySpeedObserved()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        await site.SetScheduleAsync(BusinessHours, ct);
        var startedAt = site.Clock.GetUtcNow().ToUnixTimeMilliseconds();

        await site.ReportAsync(130, ct);
        foreach (var speed in new[] { 150.0, 125, 121 }) await site.ReportAfterAsync(20, speed, ct);

        var stop = (await site.EventsAsync(ct)).Single();
        var expected = JsonNode.Parse(string.Create(CultureInfo.InvariantCulture, $$"""
            {"started_at":{{startedAt}},"ended_at":{{startedAt + 60_000}},"stopped":true,
             "window":{"index":0,"start":"08:00","end":"18:00","speed":100,"over_speed_threshold":20},
             "limit_mbps":100,"over_speed_threshold":20,"report_count":4,"peak_mbps":150,
             "samples":[
              {"at":{{startedAt}},"agent_time":"2026-03-02T11:00:05","migrate_speed":130,"limit_mbps":100,"over_speed_threshold":20,"window_index":0,"clock_skew_seconds":5},
              {"at":{{startedAt + 20_000}},"agent_time":"2026-03-02T11:00:25","migrate_speed":150,"limit_mbps":100,"over_speed_threshold":20,"window_index":0,"clock_skew_seconds":5},
              {"at":{{startedAt + 40_000}},"agent_time":"2026-03-02T11:00:45","migrate_speed":125,"limit_mbps":100,"over_speed_threshold":20,"window_index":0,"clock_skew_seconds":5},
              {"at":{{startedAt + 60_000}},"agent_time":"2026-03-02T11:01:05","migrate_speed":121,"limit_mbps":100,"over_speed_threshold":20,"window_index":0,"clock_skew_seconds":5}
             ]}
            """));
        Assert.True(JsonNode.DeepEquals(expected, stop), stop.ToJsonString());
    }

    [Fact]
    public async Task TheAgentsStopAcknowledgementClearsTheStopCommand()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        await site.SetScheduleAsync(BusinessHours, ct);
        await site.ReportAsync(200, ct);
        foreach (var _ in Enumerable.Range(0, 3)) await site.ReportAfterAsync(20, 200, ct);
        Assert.Equal("STOP", await site.CommandAsync(ct));

        await site.AcknowledgeAsync("STOP", ct);

        Assert.Equal("TASK_HAS_STOPPED", await site.CommandAsync(ct));
        Assert.Equal("ABORT", await site.StateAsync(ct));
    }

    [Fact]
    public async Task AStopAndStartByTheOperatorDuringARunStartsTheDetectorAfresh()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        await site.SetScheduleAsync(BusinessHours, ct);
        await site.ReportAsync(200, ct);
        await site.ReportAfterAsync(20, 200, ct);
        await site.ReportAfterAsync(20, 200, ct);

        await site.Admin.ActOnTaskAsync(site.TaskId, "stop", ct);
        await site.AcknowledgeAsync("STOP", ct);
        await site.Admin.ActOnTaskAsync(site.TaskId, "start", ct);
        // Within the gap of the old run and 60 s after its start: only a fresh detector lets this pass.
        await site.ReportAfterAsync(20, 200, ct);

        Assert.Equal("RUNNING", await site.StateAsync(ct));
        Assert.Empty(await site.EventsAsync(ct));
    }

    [Fact]
    public async Task ASilenceLongerThanTheSlidingWindowEndsARunWithoutAStop()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        await site.SetScheduleAsync(BusinessHours, ct);

        await site.ReportAsync(200, ct);
        await site.ReportAfterAsync(30, 200, ct);
        await site.ReportAfterAsync(61, 200, ct);
        await site.ReportAfterAsync(30, 200, ct);

        Assert.Equal("RUNNING", await site.StateAsync(ct));
        var nearMiss = (await site.EventsAsync(ct)).Single();
        Assert.False(nearMiss["stopped"]!.GetValue<bool>());
        Assert.Equal(2, nearMiss["report_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task AScheduleChangedDuringARunJudgesTheNextReportByTheNewLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        await site.SetScheduleAsync(BusinessHours, ct);
        await site.ReportAsync(130, ct);
        await site.ReportAfterAsync(20, 130, ct);
        await site.ReportAfterAsync(20, 130, ct);

        await site.SetScheduleAsync("""{"speed_limit":[{"start":"08:00","end":"18:00","speed":1000}],"time_zone":"Europe/Berlin"}""", ct);
        await site.ReportAfterAsync(20, 130, ct);

        Assert.Equal("RUNNING", await site.StateAsync(ct));
        var ended = (await site.EventsAsync(ct)).Single();
        Assert.False(ended["stopped"]!.GetValue<bool>());
        Assert.Equal(3, ended["report_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task OutsideEveryWindowTheTasksOwnLimitAndThresholdApply()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct, task => task.With("speed_limit", 100).With("over_speed_threshold", 50));
        // The window is in the evening; at 11:00 in Berlin the task's own 100 Mbit/s + 50 % applies.
        await site.SetScheduleAsync("""{"speed_limit":[{"start":"18:00","end":"23:59","speed":10}],"time_zone":"Europe/Berlin"}""", ct);

        await site.ReportAsync(149, ct);
        foreach (var _ in Enumerable.Range(0, 4)) await site.ReportAfterAsync(20, 149, ct);
        Assert.Equal("RUNNING", await site.StateAsync(ct));
        await site.ReportAfterAsync(20, 151, ct);
        foreach (var _ in Enumerable.Range(0, 3)) await site.ReportAfterAsync(20, 151, ct);

        Assert.Equal("ABORT", await site.StateAsync(ct));
        var stop = (await site.EventsAsync(ct)).Single();
        Assert.Null(stop["window"]);
        Assert.Equal(100, stop["limit_mbps"]!.GetValue<int>());
        Assert.Equal(50, stop["over_speed_threshold"]!.GetValue<double>());
    }

    [Fact]
    public async Task ATaskWithoutAnyLimitIsNeverStopped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);

        await site.ReportAsync(10_000, ct);
        foreach (var _ in Enumerable.Range(0, 5)) await site.ReportAfterAsync(20, 10_000, ct);

        Assert.Equal("RUNNING", await site.StateAsync(ct));
        Assert.Empty(await site.EventsAsync(ct));
    }

    [Fact]
    public async Task TheSlidingWindowAndMinimumReportsComeFromConfiguration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct, settings: new Dictionary<string, string>
        {
            ["OpenSms:OverSpeed:SlidingWindowSeconds"] = "10",
            ["OpenSms:OverSpeed:MinReports"] = "2",
        });
        await site.SetScheduleAsync(BusinessHours, ct);

        await site.ReportAsync(200, ct);
        await site.ReportAfterAsync(10, 200, ct);

        Assert.Equal("ABORT", await site.StateAsync(ct));
    }

    [Fact]
    public async Task ShowTaskAndListTasksShowTheNewestClockSkewAndFlagOneOverFiveMinutes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        await site.ReportAsync(1, agentTime: null, ct);
        var before = await site.Admin.ShowTaskAsync(site.TaskId, ct);

        site.Clock.Advance(TimeSpan.FromSeconds(20));
        await site.ReportAsync(1, site.Clock.GetUtcNow().AddMinutes(-6).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), ct);
        var behind = await site.Admin.ShowTaskAsync(site.TaskId, ct);
        site.Clock.Advance(TimeSpan.FromSeconds(20));
        await site.ReportAsync(1, site.Clock.GetUtcNow().AddSeconds(3).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), ct);
        site.Clock.Advance(TimeSpan.FromSeconds(20));
        await site.ReportAsync(1, agentTime: null, ct);
        var listed = (await site.Admin.GetJsonAsync($"/v3/tasks?id={site.TaskId}", ct))["tasks"]![0]!;

        Assert.False(before.ContainsKey("agent_clock_skew_seconds"));
        Assert.False(before.ContainsKey("agent_clock_skew_flagged"));
        Assert.Equal(-360, behind["agent_clock_skew_seconds"]!.GetValue<double>());
        Assert.True(behind["agent_clock_skew_flagged"]!.GetValue<bool>());
        // Without a time zone an agent_time without an offset is read as UTC; a report without one keeps the last reading.
        Assert.Equal(3, listed["agent_clock_skew_seconds"]!.GetValue<double>());
        Assert.False(listed["agent_clock_skew_flagged"]!.GetValue<bool>());
    }

    static JsonObject Report(double speed, string? agentTime)
    {
        var body = Api.ProgressBody().With("migrate_speed", speed);
        return agentTime is null ? body : body.With("agent_time", agentTime);
    }

    /// <summary>A host on its own clock, with one source and one task of the operator account.</summary>
    sealed class Site : IAsyncDisposable
    {
        public required OpenSmsApp App { get; init; }
        public required HttpClient Admin { get; init; }
        public required TestClock Clock { get; init; }
        public required string SourceId { get; init; }
        public required string TaskId { get; init; }

        public static async Task<Site> StartAsync(CancellationToken ct, Func<JsonObject, JsonObject>? task = null,
            IReadOnlyDictionary<string, string>? settings = null)
        {
            var clock = new TestClock(Monday10Utc);
            var app = new OpenSmsApp { Clock = clock, Settings = settings ?? new Dictionary<string, string>() };
            var admin = await app.AdminClientAsync(ct);
            var sourceId = await admin.RegisterSourceAsync(ct);
            var body = (task ?? (b => b))(Api.TaskBody(sourceId));
            using var created = await admin.PostAsJsonAsync("/v3/tasks", body, ct);
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            var taskId = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
            return new Site { App = app, Admin = admin, Clock = clock, SourceId = sourceId, TaskId = taskId };
        }

        /// <summary>The agent's wall clock in Berlin, five seconds ahead of the server's.</summary>
        public string AgentTime() =>
            TimeZoneInfo.ConvertTime(Clock.GetUtcNow().AddSeconds(5), Berlin).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

        public async Task SetScheduleAsync(string body, CancellationToken ct)
        {
            using var response = await Admin.PostAsync($"/v3/tasks/{TaskId}/speed-limit", Api.RawJson(body), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        public Task ReportAsync(double speed, CancellationToken ct) => Admin.ReportOkAsync(TaskId, Report(speed, AgentTime()), ct);

        public Task ReportAsync(double speed, string? agentTime, CancellationToken ct) => Admin.ReportOkAsync(TaskId, Report(speed, agentTime), ct);

        public Task ReportAfterAsync(int seconds, double speed, CancellationToken ct)
        {
            Clock.Advance(TimeSpan.FromSeconds(seconds));
            return ReportAsync(speed, ct);
        }

        public async Task<string> StateAsync(CancellationToken ct) =>
            (await Admin.ShowTaskAsync(TaskId, ct))["state"]!.GetValue<string>();

        public async Task<string> CommandAsync(CancellationToken ct) =>
            (await Admin.GetJsonAsync($"/v3/sources/{SourceId}/command", ct))["command_name"]!.GetValue<string>();

        public async Task AcknowledgeAsync(string command, CancellationToken ct)
        {
            var ack = new JsonObject { ["command_name"] = command, ["result"] = "success" };
            using var response = await Admin.PostAsJsonAsync($"/v3/sources/{SourceId}/command_result", ack, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        public async Task<IReadOnlyList<JsonObject>> EventsAsync(CancellationToken ct) =>
            (await Admin.GetJsonAsync($"/v3/opensms/tasks/{TaskId}/overspeed-events", ct))["overspeed_events"]!.AsArray()
            .Select(e => e!.AsObject()).ToList();

        /// <summary>How many reports the server kept as samples, read through its own store.</summary>
        public async Task<int> SampleCountAsync(CancellationToken ct)
        {
            var account = await App.Services.GetRequiredService<IAccountStore>().FindAccountByNameAsync("opensms", ct);
            return (await App.Services.GetRequiredService<IProgressStore>().ListSamplesAsync(account!.Id, TaskId, ct)).Count;
        }

        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            await App.DisposeAsync();
        }
    }
}
