using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Server.Storage;
using OpenSms.Server.Storage.Postgres;

namespace OpenSms.Server.Tests.Storage;

/// <summary>The progress API end to end on PostgreSQL: what an agent sees is what the SQLite tests see.</summary>
public sealed class PostgresProgressTests : IClassFixture<PostgresHost>
{
    readonly PostgresHost host;

    public PostgresProgressTests(PostgresHost host)
    {
        Assert.SkipWhen(PostgresTestDatabase.SkipReason is not null, PostgresTestDatabase.SkipReason ?? "");
        this.host = host;
    }

    [Fact]
    public async Task AReportRoundTripsThroughPostgreSql()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.IsType<PostgresDb>(host.App.Services.GetRequiredService<IDatabase>());
        var taskId = await host.Admin.NewTaskAsync(ct);

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 45, replicated: 450, trace: "copying /var").With("migrate_speed", 120.5), ct);

        var task = await host.Admin.ShowTaskAsync(taskId, ct);
        Assert.Equal("RUNNING", task["state"]!.GetValue<string>());
        Assert.Equal(450, task["replicatesize"]!.GetValue<long>());
        Assert.Equal(120.5, task["migrate_speed"]!.GetValue<double>());
        Assert.Equal(45, task["sub_tasks"]!.AsArray().Single()!["progress"]!.GetValue<int>());
        Assert.Equal("copying /var", (await host.SamplesAsync(taskId, ct)).Single().ProcessTrace);
    }

    [Fact]
    public async Task TwoThousandReportsFromFiftyClientsAreAllStoredInTheOrderAcknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Clients = 50, Tasks = 20, ReportsPerTask = 100;
        var taskIds = new string[Tasks];
        for (var t = 0; t < Tasks; t++) taskIds[t] = await host.Admin.NewTaskAsync(ct, $"pg-busy-{t}");
        var token = host.Admin.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();
        // A task's reports go out one at a time, so each task's acknowledged order is well defined.
        var taskLocks = Enumerable.Range(0, Tasks).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
        var acknowledged = Enumerable.Range(0, Tasks).Select(_ => new List<string>()).ToArray();
        var next = new int[Tasks];
        var failures = new ConcurrentQueue<HttpStatusCode>();
        var issued = -1;

        async Task ClientAsync()
        {
            using var client = host.App.CreateClient();
            client.DefaultRequestHeaders.Add("X-Auth-Token", token);
            while (Interlocked.Increment(ref issued) is var ticket && ticket < Tasks * ReportsPerTask)
            {
                var t = ticket % Tasks;
                await taskLocks[t].WaitAsync(ct);
                try
                {
                    var trace = $"task {t} report {next[t]}";
                    using var response = await client.ReportAsync(taskIds[t], Api.ProgressBody(progress: next[t]++ % 100, trace: trace), ct);
                    if (response.StatusCode == HttpStatusCode.OK) acknowledged[t].Add(trace);
                    else failures.Enqueue(response.StatusCode);
                }
                finally
                {
                    taskLocks[t].Release();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(ClientAsync, ct)));

        Assert.Empty(failures);
        Assert.Equal(Tasks * ReportsPerTask, acknowledged.Sum(a => a.Count));
        for (var t = 0; t < Tasks; t++)
            Assert.Equal(acknowledged[t], (await host.SamplesAsync(taskIds[t], ct)).Select(s => s.ProcessTrace));
        foreach (var l in taskLocks) l.Dispose();
    }
}
