using System.Net;
using System.Text.Json.Nodes;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Tests;

/// <summary>Every acknowledged report is kept as a sample, read back through the server's IProgressStore.</summary>
public sealed class ProgressSamplesTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    [Fact]
    public async Task EveryAcceptedReportIsKeptAsASampleWithAllItsNumbers()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var full = Api.ProgressBody(subtask: "MIGRATE_LINUX_BLOCK", progress: 42, replicated: 4200, total: 10_000, trace: "block 42/100 — ünïcode ok")
            .With("migrate_speed", 123.5).With("compress_rate", 1.5).With("remain_time", 2147483647)
            .With("total_cpu_usage", 55.5).With("agent_cpu_usage", 5.25).With("total_mem_usage", 1048576).With("agent_mem_usage", 0)
            .With("total_disk_io", 10000).With("agent_disk_io", 0.5).With("need_migration_test", true)
            .With("agent_time", "2025-06-01 10:20:30");
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 1, trace: "first"), ct);
        await host.Admin.ReportOkAsync(taskId, full, ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "MIGRATE_LINUX_BLOCK", progress: 43, trace: "third").With("agent_time", "2025-06-01T10:21:00+02:00"), ct);

        var t1 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var samples = await host.SamplesAsync(taskId, ct);
        Assert.Equal(["first", "block 42/100 — ünïcode ok", "third"], samples.Select(s => s.ProcessTrace));
        Assert.All(samples, s => Assert.Equal(taskId, s.TaskId));
        Assert.All(samples, s => Assert.InRange(s.ReceivedAt, t0, t1));
        Assert.True(samples[0].ReceivedAt <= samples[1].ReceivedAt && samples[1].ReceivedAt <= samples[2].ReceivedAt);

        Assert.Equal(
            new Sample
            {
                Id = samples[1].Id, TaskId = taskId, ReceivedAt = samples[1].ReceivedAt, AgentTime = "2025-06-01T10:20:30",
                SubtaskName = "MIGRATE_LINUX_BLOCK", Progress = 42, Replicatesize = 4200, Totalsize = 10_000,
                ProcessTrace = "block 42/100 — ünïcode ok", MigrateSpeed = 123.5, CompressRate = 1.5, RemainTime = 2147483647,
                TotalCpuUsage = 55.5, AgentCpuUsage = 5.25, TotalMemUsage = 1048576, AgentMemUsage = 0, TotalDiskIo = 10000,
                AgentDiskIo = 0.5, NeedMigrationTest = true,
            },
            samples[1]);
        Assert.Equal(
            new Sample
            {
                Id = samples[0].Id, TaskId = taskId, ReceivedAt = samples[0].ReceivedAt, SubtaskName = "MIGRATE_LINUX_FILE",
                Progress = 1, Replicatesize = 100, Totalsize = 1000, ProcessTrace = "first",
            },
            samples[0]);
        Assert.Equal("2025-06-01T10:21:00+02:00", samples[2].AgentTime);
    }

    [Fact]
    public async Task OnlyAcknowledgedReportsAreKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var statuses = new List<HttpStatusCode>();
        JsonObject[] reports =
        [
            Api.ProgressBody(progress: 10, trace: "accepted 1"),
            Api.ProgressBody(progress: 101, trace: "out of range"),
            Api.ProgressBody(progress: 20, trace: "wrong type").With("migrate_speed", "fast"),
            Api.ProgressBody(subtask: "DETTACH_AGENT_IMAGE", progress: 100, trace: "accepted 2"),
            Api.ProgressBody(progress: 30, trace: "after the end"),
        ];

        foreach (var report in reports)
        {
            using var response = await host.Admin.ReportAsync(taskId, report, ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.Conflict],
            statuses);
        Assert.Equal(["accepted 1", "accepted 2"], (await host.SamplesAsync(taskId, ct)).Select(s => s.ProcessTrace));
    }

    [Fact]
    public async Task SamplesAreListedOnlyWithinTheTasksOwnAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(), ct);

        Assert.Single(await host.SamplesAsync(taskId, ct));
        Assert.Empty(await host.SamplesAsync("another-account", taskId, ct));
    }
}
