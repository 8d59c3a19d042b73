using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// Nothing acknowledged is ever lost: many agents report while the server process is killed with
/// SIGKILL at random moments and started again on the same data; afterwards every report that got
/// a 200 (each has a process_trace of its own) is among the stored samples.
/// </summary>
public sealed class CrashSafetyTests
{
    const int Agents = 16;
    const int Kills = 3;

    [Fact]
    public async Task EveryAcknowledgedReportSurvivesRepeatedSigkillsOnSqlite()
    {
        using var data = new TempDataDirectory();
        var database = Path.Combine(data.Path, "opensms.db");
        await RunAsync(Settings(data.Path), async ct =>
        {
            await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
            await connection.OpenAsync(ct);
            return [.. await connection.QueryAsync<string>("SELECT process_trace FROM samples")];
        });
    }

    [Fact]
    public async Task EveryAcknowledgedReportSurvivesRepeatedSigkillsOnPostgres()
    {
        Assert.SkipWhen(PostgresTestDatabase.SkipReason is not null, PostgresTestDatabase.SkipReason ?? "");
        using var data = new TempDataDirectory();
        await using var database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        var settings = Settings(data.Path);
        settings["Storage:Provider"] = "postgres";
        settings["Storage:ConnectionString"] = database.ConnectionString;
        await RunAsync(settings, async ct =>
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(ct);
            return [.. await connection.QueryAsync<string>("SELECT process_trace FROM samples")];
        });
        NpgsqlConnection.ClearAllPools();
    }

    static Dictionary<string, string> Settings(string dataDirectory) => new()
    {
        ["OpenSms:DataDirectory"] = dataDirectory, ["OPENSMS_ADMIN_PASSWORD"] = OpenSmsApp.AdminPassword, ["Logging:LogLevel:Default"] = "Warning",
    };

    static async Task RunAsync(Dictionary<string, string> settings, Func<CancellationToken, Task<HashSet<string>>> storedTraces)
    {
        var ct = TestContext.Current.CancellationToken;
        ServerProcess? server = await ServerProcess.StartAsync(settings, ct);
        try
        {
            string token;
            var tasks = new List<string>();
            using (var admin = TwoInstances.Client(server))
            {
                token = await OpenSmsApp.TokenAsync(admin, "opensms", "admin", OpenSmsApp.AdminPassword, ct);
                admin.DefaultRequestHeaders.Add("X-Auth-Token", token);
                for (var i = 0; i < Agents; i++) tasks.Add(await admin.NewTaskAsync(ct, "crash-" + i.ToString(CultureInfo.InvariantCulture)));
            }

            var load = new Load(server.Address, token);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var agents = tasks.Select((task, i) => load.AgentAsync(i, task, stop.Token)).ToArray();
            for (var kill = 1; kill <= Kills; kill++)
            {
                await load.WaitForAcknowledgementsAsync(20, ct);
                await Task.Delay(Random.Shared.Next(200, 1200), ct);
                await server.KillAsync();
                await server.DisposeAsync();
                server = null;
                server = await ServerProcess.StartAsync(settings, ct);
                load.Target = server.Address;
            }
            await load.WaitForAcknowledgementsAsync(20, ct);
            await stop.CancelAsync();
            await Task.WhenAll(agents);

            var stored = await storedTraces(ct);
            var lost = load.Acknowledged.Where(trace => !stored.Contains(trace)).Order(StringComparer.Ordinal).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {load.Acknowledged.Count} acknowledged reports are not in the samples, e.g. {string.Join(", ", lost.Take(10))}");
            Assert.True(load.Refused > 0, "no report failed, so no kill happened while reports were in flight");
        }
        finally
        {
            if (server is not null) await server.DisposeAsync();
        }
    }

    /// <summary>The agents: each reports as fast as it can, logs every acknowledged trace, and retries after a failure.</summary>
    sealed class Load(Uri target, string token)
    {
        int acknowledgedSince;
        int refused;

        public volatile Uri Target = target;
        public ConcurrentBag<string> Acknowledged { get; } = [];
        public int Refused => Volatile.Read(ref refused);

        public async Task AgentAsync(int agent, string taskId, CancellationToken stop)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            http.DefaultRequestHeaders.Add("X-Auth-Token", token);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var trace = string.Create(CultureInfo.InvariantCulture, $"agent-{agent}-report-{n}");
                try
                {
                    using var response = await http.PutAsJsonAsync(new Uri(Target, $"/v3/tasks/{taskId}/progress"), Api.ProgressBody(progress: n % 99, trace: trace), stop);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Acknowledged.Add(trace);
                        Interlocked.Increment(ref acknowledgedSince);
                        continue;
                    }
                    Interlocked.Increment(ref refused);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                await Task.Delay(50, CancellationToken.None);
            }
        }

        /// <summary>Waits until the server now running has acknowledged some reports, so the next kill lands mid-load.</summary>
        public async Task WaitForAcknowledgementsAsync(int count, CancellationToken ct)
        {
            Interlocked.Exchange(ref acknowledgedSince, 0);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Volatile.Read(ref acknowledgedSince) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, "the restarted server acknowledged no reports within 30 s");
                await Task.Delay(20, ct);
            }
        }
    }
}
