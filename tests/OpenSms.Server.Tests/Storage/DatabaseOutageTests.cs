using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// PostgreSQL stopped under load: reports are refused with 503 SMS.6301 (never a 200 for a report
/// that was not stored), every other endpoint that needs the database says the same, /readyz says
/// not ready, and when the database is back the same server process recovers on its own.
/// </summary>
public sealed class DatabaseOutageTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhilePostgresIsDownReportsAre503AndTheServerRecoversOnItsOwnWhenItReturns()
    {
        Assert.SkipWhen(ThrowawayPostgres.SkipReason is not null, ThrowawayPostgres.SkipReason ?? "");
        await using var postgres = await ThrowawayPostgres.StartAsync(Ct);
        await using var app = new OpenSmsApp { PostgresConnectionString = postgres.ConnectionString };
        using var admin = await app.AdminClientAsync(Ct);
        var tasks = new List<string>();
        for (var i = 0; i < 4; i++) tasks.Add(await admin.NewTaskAsync(Ct, "outage-" + i.ToString(CultureInfo.InvariantCulture)));
        var source = await admin.RegisterSourceAsync(Ct, "outage-probe");

        var load = new Load(admin);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var agents = tasks.Select((task, i) => load.AgentAsync(i, task, stop.Token)).ToArray();
        await WaitForAsync(() => load.Acknowledged.Count >= 20, "reports to be acknowledged");

        await postgres.StopAsync(Ct);
        await WaitForAsync(() => load.Refused >= 10, "reports to be refused");
        using (var report = await admin.ReportAsync(tasks[0], Api.ProgressBody(trace: "during the outage"), Ct))
            await report.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "SMS.6301", Ct);
        // A burst queues up behind the failing batch in the ingest writer: each is refused, none waits forever.
        var burst = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await admin.ReportAsync(tasks[i % tasks.Count], Api.ProgressBody(trace: $"burst-{i}"), Ct);
            return (response.StatusCode, (await response.Content.ReadAsStringAsync(Ct)).Contains("\"SMS.6301\"", StringComparison.Ordinal));
        })).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.All(burst, r => Assert.Equal((HttpStatusCode.ServiceUnavailable, true), r));
        using (var ready = await admin.GetAsync("/readyz", Ct)) Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        foreach (var (method, path, body) in OtherEndpoints(tasks[1], source))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await admin.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path} during the outage: {(int)response.StatusCode} {text}");
            Assert.Equal("SMS.6301", JsonNode.Parse(text)!["error_code"]!.GetValue<string>());
        }

        await postgres.StartAgainAsync(Ct);
        await WaitForAsync(() => ReadyAsync(admin), "/readyz to answer 200 again");
        var acknowledged = load.Acknowledged.Count;
        await WaitForAsync(() => load.Acknowledged.Count >= acknowledged + 20, "reports to be acknowledged again");
        await stop.CancelAsync();
        await Task.WhenAll(agents);

        Assert.Empty(load.Unexpected);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync(Ct);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT process_trace FROM samples", connection))
        await using (var reader = await command.ExecuteReaderAsync(Ct))
            while (await reader.ReadAsync(Ct)) stored.Add(reader.GetString(0));
        var lost = load.Acknowledged.Where(t => !stored.Contains(t)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged reports are not stored, e.g. {string.Join(", ", lost.Take(5))}");
    }

    static Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited 60 s for {what}");
            await Task.Delay(50, Ct);
        }
    }

    static async Task<bool> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/readyz", CancellationToken.None);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Reads and writes of the other resources, each of which needs the database.</summary>
    static IEnumerable<(string Method, string Path, JsonObject? Body)> OtherEndpoints(string taskId, string sourceId) =>
    [
        ("GET", "/v3/tasks", null),
        ("GET", $"/v3/tasks/{taskId}", null),
        ("POST", "/v3/tasks", Api.TaskBody(sourceId, "outage-new")),
        ("POST", $"/v3/tasks/{taskId}/action", new JsonObject { ["operation"] = "stop" }),
        ("GET", $"/v3/tasks/{taskId}/speed-limit", null),
        ("POST", $"/v3/tasks/{taskId}/speed-limit", new JsonObject { ["speed_limit"] = new JsonArray(new JsonObject { ["start"] = "08:00", ["end"] = "12:00", ["speed"] = 100 }) }),
        ("GET", "/v3/sources", null),
        ("POST", "/v3/sources", Api.SourceBody("outage-new")),
        ("GET", $"/v3/sources/{sourceId}/command", null),
        ("GET", "/v3/users", null),
        ("GET", "/v5/policies", null),
        ("GET", "/v3.0/OS-CREDENTIAL/credentials", null),
        ("POST", "/v3/auth/tokens", TokenBody()),
    ];

    static JsonObject TokenBody() => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = "admin", ["password"] = OpenSmsApp.AdminPassword, ["domain"] = new JsonObject { ["name"] = "opensms" } } },
            },
        },
    };

    /// <summary>Agents reporting without pause; every answer is either a 200 (logged by trace) or a 503 SMS.6301.</summary>
    sealed class Load(HttpClient client)
    {
        int refused;

        public ConcurrentBag<string> Acknowledged { get; } = [];
        public ConcurrentBag<string> Unexpected { get; } = [];
        public int Refused => Volatile.Read(ref refused);

        public async Task AgentAsync(int agent, string taskId, CancellationToken stop)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var trace = string.Create(CultureInfo.InvariantCulture, $"agent-{agent}-report-{n}");
                try
                {
                    using var response = await client.ReportAsync(taskId, Api.ProgressBody(progress: n % 99, trace: trace), stop);
                    var body = await response.Content.ReadAsStringAsync(stop);
                    if (response.StatusCode == HttpStatusCode.OK) Acknowledged.Add(trace);
                    else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("\"SMS.6301\"", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref refused);
                        await Task.Delay(20, stop);
                    }
                    else Unexpected.Add($"{trace}: {(int)response.StatusCode} {body}");
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
