using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>
/// Many agents reporting at once: nothing acknowledged is lost, nothing refused is kept, and every
/// task ends up showing the last report it acknowledged.
/// </summary>
public sealed class ProgressConcurrencyTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    const int Clients = 50;
    const int Tasks = 20;
    const int ReportsPerTask = 100;

    /// <summary>Every 25th report of a task (never its last) is out of range, so some answers are refusals.</summary>
    static bool IsInvalid(int seq) => seq % 25 == 12;

    [Fact]
    public async Task FiftyClientsSendingTwoThousandReportsToTwentyTasksLoseNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskIds = new string[Tasks];
        for (var t = 0; t < Tasks; t++) taskIds[t] = await host.Admin.NewTaskAsync(ct, $"busy-{t}");
        var token = host.Admin.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();
        var clients = Enumerable.Range(0, Clients).Select(_ =>
        {
            var client = host.App.CreateClient();
            client.DefaultRequestHeaders.Add("X-Auth-Token", token);
            return client;
        }).ToArray();

        // A task's reports go out one at a time, in sequence, from whichever client is free, so
        // "the last acknowledged report" of each task is well defined while all clients stay busy.
        var taskLocks = Enumerable.Range(0, Tasks).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
        var nextSeq = new int[Tasks];
        var acknowledged = Enumerable.Range(0, Tasks).Select(_ => new List<string>()).ToArray();
        var unexpected = new ConcurrentQueue<string>();
        var refused = 0;
        var issued = -1;
        var runId = Guid.NewGuid().ToString("N")[..8];

        async Task ClientLoopAsync(HttpClient client)
        {
            while (Interlocked.Increment(ref issued) is var ticket && ticket < Tasks * ReportsPerTask)
            {
                var t = ticket % Tasks;
                await taskLocks[t].WaitAsync(ct);
                try
                {
                    var seq = nextSeq[t]++;
                    var trace = $"{runId} task {t} report {seq}";
                    using var response = await client.ReportAsync(taskIds[t], Report(seq, trace), ct);
                    var expected = IsInvalid(seq) ? HttpStatusCode.BadRequest : HttpStatusCode.OK;
                    if (response.StatusCode != expected) unexpected.Enqueue($"{trace}: {(int)response.StatusCode}");
                    if (response.StatusCode == HttpStatusCode.OK) acknowledged[t].Add(trace);
                    else Interlocked.Increment(ref refused);
                }
                finally
                {
                    taskLocks[t].Release();
                }
            }
        }

        try
        {
            await Task.WhenAll(clients.Select(c => Task.Run(() => ClientLoopAsync(c), ct)));
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
            foreach (var l in taskLocks) l.Dispose();
        }

        Assert.Empty(unexpected);
        Assert.Equal(Tasks * ReportsPerTask, acknowledged.Sum(a => a.Count) + refused);
        var totalSamples = 0;
        for (var t = 0; t < Tasks; t++)
        {
            var samples = await host.SamplesAsync(taskIds[t], ct);
            totalSamples += samples.Count;
            // The same traces, in the order they were acknowledged: none lost, none extra, none reordered.
            Assert.Equal(acknowledged[t], samples.Select(s => s.ProcessTrace));

            var last = ReportsPerTask - 1;
            Assert.Equal($"{runId} task {t} report {last}", acknowledged[t][^1]);
            var task = await host.Admin.ShowTaskAsync(taskIds[t], ct);
            Assert.Equal("RUNNING", task["state"]!.GetValue<string>());
            Assert.Equal(last * 10L, task["replicatesize"]!.GetValue<long>());
            Assert.Equal(last + 0.5, task["migrate_speed"]!.GetValue<double>());
            var subtask = task["sub_tasks"]!.AsArray().Single()!;
            Assert.Equal(last, subtask["progress"]!.GetValue<int>());
            Assert.Equal(acknowledged[t][^1], subtask["process_trace"]!.GetValue<string>());
        }
        Assert.Equal(acknowledged.Sum(a => a.Count), totalSamples);
    }

    [Fact]
    public async Task AStopRacingTheFirstReportsLeavesEachTaskAllInOrAllOut()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskIds = new string[Tasks];
        for (var t = 0; t < Tasks; t++) taskIds[t] = await host.Admin.NewTaskAsync(ct, $"racing-{t}");

        // Per task: five reports and a stop at once. A stop that sees READY aborts the task outright,
        // so then no report may have got in; a stop that sees RUNNING leaves it ABORTING, which
        // accepts reports, so then every report got in.
        var outcomes = await Task.WhenAll(taskIds.Select(async taskId =>
        {
            var reports = Enumerable.Range(0, 5).Select(async i =>
            {
                using var response = await host.Admin.ReportAsync(taskId, Api.ProgressBody(progress: i, trace: $"race {i}"), ct);
                return response.StatusCode;
            }).ToList();
            await host.Admin.ActOnTaskAsync(taskId, "stop", ct);
            return (taskId, statuses: await Task.WhenAll(reports));
        }));

        foreach (var (taskId, statuses) in outcomes)
        {
            var state = (await host.Admin.ShowTaskAsync(taskId, ct))["state"]!.GetValue<string>();
            var samples = await host.SamplesAsync(taskId, ct);
            var expected = state == "ABORT" ? HttpStatusCode.Conflict : HttpStatusCode.OK;
            Assert.True(state is "ABORT" or "ABORTING", $"the task is {state}");
            Assert.All(statuses, status => Assert.Equal(expected, status));
            Assert.Equal(statuses.Count(s => s == HttpStatusCode.OK), samples.Count);
        }
    }

    static JsonObject Report(int seq, string trace) =>
        Api.ProgressBody(progress: IsInvalid(seq) ? 101 : seq, replicated: seq * 10L, total: ReportsPerTask * 10L, trace: trace)
            .With("migrate_speed", seq + 0.5);
}
