using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Core.Storage;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server.Tests;

/// <summary>Webhooks through the real host: the API, and deliveries to a real listener on loopback.</summary>
public sealed class WebhookTests
{
    const string Secret = "whsec-0123456789abcdef";

    // Fast polling and short backoffs so a retry comes within a test's patience.
    static OpenSmsApp FastApp(int maxAttempts = 3) => new()
    {
        Settings = new Dictionary<string, string>
        {
            ["OpenSms:Webhooks:PollInterval"] = "00:00:00.050", ["OpenSms:Webhooks:InitialBackoff"] = "00:00:00.200",
            ["OpenSms:Webhooks:Timeout"] = "00:00:05", ["OpenSms:Webhooks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    static JsonObject HookBody(string url, params string[] events) => new()
    {
        ["url"] = url, ["events"] = new JsonArray(events.Select(e => (JsonNode?)e).ToArray()), ["secret"] = Secret,
    };

    static async Task<string> CreateAsync(HttpClient client, JsonObject body, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/v3/opensms/webhooks", body, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["webhook"]!["id"]!.GetValue<string>();
    }

    /// <summary>Appends to the event log as the stores' write paths do, in a transaction of its own.</summary>
    static async Task<long[]> AppendEventsAsync(OpenSmsApp app, params (string Type, string TaskId)[] events)
    {
        var ct = TestContext.Current.CancellationToken;
        var account = await app.Services.GetRequiredService<IAccountStore>().FindAccountByNameAsync("opensms", ct);
        var db = app.Services.GetRequiredService<SqliteDb>();
        await using var c = await db.OpenAsync(ct);
        var before = await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM events");
        await using (var tx = await c.BeginTransactionAsync(ct))
        {
            await SqliteEventRows.AppendAsync(c, tx, events.Select((e, i) => new NewTaskEvent(account!.Id, e.TaskId, e.Type, 1_772_445_600_000 + i,
                $$"""{"task_id":"{{e.TaskId}}","time":{{1_772_445_600_000 + i}},"n":{{i}}}""")).ToList());
            await tx.CommitAsync(ct);
        }
        return (await c.QueryAsync<long>("SELECT id FROM events WHERE id > @before ORDER BY id", new { before })).ToArray();
    }

    /// <summary>Verifies a delivery the way docs/webhooks.md tells a receiver to, written independently of the server's code.</summary>
    static void AssertSigned(ReceivedDelivery d)
    {
        var timestamp = d.Headers["X-OpenSms-Timestamp"];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + d.Body)));
        Assert.Equal(expected, d.Headers["X-OpenSms-Signature"]);
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
    }

    [Fact]
    public async Task ADeliveryIsSignedAndAFailedOneIsRetriedWithOnlySubscribedEventsSent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = new WebhookReceiver(500, 200);
        await using var app = FastApp();
        using var admin = await app.AdminClientAsync(ct);
        var hookId = await CreateAsync(admin, HookBody(receiver.Url, "progress", "state"), ct);

        var ids = await AppendEventsAsync(app, ("progress", "task-1"), ("health", "task-1"), ("state", "task-1"));
        var received = await receiver.WaitForAsync(3, ct);

        Assert.Equal([500, 200, 200], received.Select(r => r.AnsweredWith));
        Assert.Equal([ids[0], ids[0], ids[2]], received.Select(r => long.Parse(r.Headers["X-OpenSms-Event-Id"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["1", "2", "1"], received.Select(r => r.Headers["X-OpenSms-Delivery-Attempt"]));
        Assert.All(received, AssertSigned);
        var first = JsonNode.Parse(received[0].Body)!;
        Assert.Equal(ids[0], first["id"]!.GetValue<long>());
        Assert.Equal("progress", first["type"]!.GetValue<string>());
        Assert.Equal("task-1", first["task_id"]!.GetValue<string>());
        Assert.Equal(1_772_445_600_000, first["time"]!.GetValue<long>());
        Assert.Equal(0, first["data"]!["n"]!.GetValue<int>());
        Assert.Equal(received[0].Body, received[1].Body);

        // The log is written as each try ends; the last write may land just after the receiver answered.
        JsonArray log;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do log = (await admin.GetJsonAsync($"/v3/opensms/webhooks/{hookId}/deliveries", ct))["deliveries"]!.AsArray();
        while (log.Count < 3 && DateTime.UtcNow < deadline && !ct.IsCancellationRequested);
        Assert.Equal(["delivered/state/1/200", "delivered/progress/2/200", "failed/progress/1/500"],
            log.Select(d => $"{d!["outcome"]}/{d["event_type"]}/{d["attempt"]}/{d["status_code"]}"));
        var hook = (await admin.GetJsonAsync($"/v3/opensms/webhooks/{hookId}", ct))["webhook"]!;
        Assert.Equal(ids[2], hook["cursor"]!.GetValue<long>());
        Assert.Equal(0, hook["failed_attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task ARealProgressReportReachesTheWebhookAsSignedProgressAndStateEvents()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = new WebhookReceiver(200);
        await using var app = FastApp();
        using var admin = await app.AdminClientAsync(ct);
        var taskId = await admin.NewTaskAsync(ct);
        await CreateAsync(admin, HookBody(receiver.Url, "progress", "state"), ct);

        await admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 42, replicated: 420), ct);

        var received = await receiver.WaitForAsync(2, ct);
        Assert.All(received, AssertSigned);
        var bodies = received.Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.All(bodies, b => Assert.Equal(taskId, b["task_id"]!.GetValue<string>()));
        Assert.Equal(["progress", "state"], bodies.Select(b => b["type"]!.GetValue<string>()).Order());
        Assert.Equal(42, bodies.Single(b => b["type"]!.GetValue<string>() == "progress")["data"]!["progress"]!.GetValue<int>());
    }

    [Fact]
    public async Task AfterTheLastFailedTryTheEventIsGivenUpAndTheNextOneIsTried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = new WebhookReceiver(503, 503, 204);
        await using var app = FastApp(maxAttempts: 2);
        using var admin = await app.AdminClientAsync(ct);
        var hookId = await CreateAsync(admin, HookBody(receiver.Url, "overspeed"), ct);

        var ids = await AppendEventsAsync(app, ("overspeed", "t"), ("overspeed", "t"));
        await receiver.WaitForAsync(3, ct);

        JsonArray log;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do log = (await admin.GetJsonAsync($"/v3/opensms/webhooks/{hookId}/deliveries", ct))["deliveries"]!.AsArray();
        while (log.Count < 3 && DateTime.UtcNow < deadline && !ct.IsCancellationRequested);
        Assert.Equal([$"delivered/{ids[1]}/1", $"gave_up/{ids[0]}/2", $"failed/{ids[0]}/1"],
            log.Select(d => $"{d!["outcome"]}/{d["event_id"]}/{d["attempt"]}"));
    }

    [Fact]
    public async Task AWebhookForARareTypeKeepsUpWithABusyLog()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = new WebhookReceiver(200);
        await using var app = FastApp();
        using var admin = await app.AdminClientAsync(ct);
        var hookId = await CreateAsync(admin, HookBody(receiver.Url, "state"), ct);

        // More unsubscribed events than one page of the event log, then the one it wants.
        var ids = await AppendEventsAsync(app, [.. Enumerable.Repeat(("progress", "busy"), 1_200), ("state", "busy")]);

        var received = Assert.Single(await receiver.WaitForAsync(1, ct));
        Assert.Equal(ids[^1].ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["X-OpenSms-Event-Id"]);
        Assert.Equal(0, (await admin.GetJsonAsync($"/v3/opensms/webhooks/{hookId}", ct))["webhook"]!["failed_attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnUnreachableReceiverIsLoggedWithItsError()
    {
        var ct = TestContext.Current.CancellationToken;
        string url;
        await using (var gone = new WebhookReceiver()) url = gone.Url;
        await using var app = FastApp(maxAttempts: 1);
        using var admin = await app.AdminClientAsync(ct);
        var hookId = await CreateAsync(admin, HookBody(url, "state"), ct);

        await AppendEventsAsync(app, ("state", "t"));

        JsonArray log;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do log = (await admin.GetJsonAsync($"/v3/opensms/webhooks/{hookId}/deliveries", ct))["deliveries"]!.AsArray();
        while (log.Count < 1 && DateTime.UtcNow < deadline && !ct.IsCancellationRequested);
        var entry = Assert.Single(log)!;
        Assert.Equal("gave_up", entry["outcome"]!.GetValue<string>());
        Assert.Null(entry["status_code"]);
        Assert.False(string.IsNullOrEmpty(entry["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheApiCreatesListsShowsAndDeletesAndNeverShowsTheSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OpenSmsApp();
        using var admin = await app.AdminClientAsync(ct);
        using var created = await admin.PostAsJsonAsync("/v3/opensms/webhooks", HookBody("https://hooks.example.com/opensms", "state", "state", "health"), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var text = await created.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        var hook = JsonNode.Parse(text)!["webhook"]!;
        var id = hook["id"]!.GetValue<string>();
        Assert.Equal("""["state","health"]""", hook["events"]!.ToJsonString());

        var list = await admin.GetJsonAsync("/v3/opensms/webhooks", ct);
        Assert.Equal(1, list["count"]!.GetValue<int>());
        Assert.Equal(id, list["webhooks"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("https://hooks.example.com/opensms", (await admin.GetJsonAsync($"/v3/opensms/webhooks/{id}", ct))["webhook"]!["url"]!.GetValue<string>());
        Assert.Empty((await admin.GetJsonAsync($"/v3/opensms/webhooks/{id}/deliveries", ct))["deliveries"]!.AsArray());

        // Sealed at rest: the stored text is not the secret and does not contain it.
        await using (var c = await app.Services.GetRequiredService<SqliteDb>().OpenAsync(ct))
        {
            var stored = await c.ExecuteScalarAsync<string>("SELECT secret FROM webhooks WHERE id = @id", new { id });
            Assert.DoesNotContain(Secret, stored!, StringComparison.Ordinal);
        }

        using (var deleted = await admin.DeleteAsync($"/v3/opensms/webhooks/{id}", ct)) Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using (var gone = await admin.GetAsync($"/v3/opensms/webhooks/{id}", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("SMS.9005", (await gone.ErrorAsync(ct))["error_code"]!.GetValue<string>());
        }
        using (var again = await admin.DeleteAsync($"/v3/opensms/webhooks/{id}", ct)) Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using (var log = await admin.GetAsync($"/v3/opensms/webhooks/{id}/deliveries", ct)) Assert.Equal(HttpStatusCode.NotFound, log.StatusCode);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"url":"ftp://hooks.example.com/x","events":["state"],"secret":"0123456789abcdef"}""", "url" },
        { """{"url":"/relative","events":["state"],"secret":"0123456789abcdef"}""", "url" },
        { """{"events":["state"],"secret":"0123456789abcdef"}""", "url" },
        { """{"url":"https://h.example.com","events":[],"secret":"0123456789abcdef"}""", "events" },
        { """{"url":"https://h.example.com","events":["progress","finished"],"secret":"0123456789abcdef"}""", "events[1]" },
        { """{"url":"https://h.example.com","events":["state"],"secret":"short"}""", "secret" },
        { """{"url":"https://h.example.com","events":["state"]}""", "secret" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadWebhookIs400NamingTheField(string body, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OpenSmsApp();
        using var admin = await app.AdminClientAsync(ct);
        using var response = await admin.PostAsync("/v3/opensms/webhooks", Api.RawJson(body), ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ErrorAsync(ct);
        Assert.Equal("SMS.9001", error["error_code"]!.GetValue<string>());
        Assert.Contains(field, error["error_param"]!.AsArray().Select(p => p!.GetValue<string>()));
    }
}
