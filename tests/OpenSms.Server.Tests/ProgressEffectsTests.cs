using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>What accepted reports do to the task, its subtasks and its source, as ShowTask, ListTasks and ShowServer tell.</summary>
public sealed class ProgressEffectsTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task TheFirstReportMovesAReadyTaskToRunningAndSetsItsStartDate()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var before = await host.Admin.ShowTaskAsync(taskId, ct);
        var t0 = Now();

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(), ct);

        var t1 = Now();
        var after = await host.Admin.ShowTaskAsync(taskId, ct);
        Assert.Equal("READY", before["state"]!.GetValue<string>());
        Assert.Null(before["start_date"]);
        Assert.Equal("RUNNING", after["state"]!.GetValue<string>());
        Assert.InRange(after["start_date"]!.GetValue<long>(), t0, t1);
    }

    [Fact]
    public async Task LaterReportsKeepTheStartDate()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 1), ct);
        var started = (await host.Admin.ShowTaskAsync(taskId, ct))["start_date"]!.GetValue<long>();
        await Task.Delay(5, ct);

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 2), ct);

        Assert.Equal(started, (await host.Admin.ShowTaskAsync(taskId, ct))["start_date"]!.GetValue<long>());
    }

    [Fact]
    public async Task ASubtaskStartsOnItsFirstReportFollowsLaterOnesAndEndsAt100()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var t0 = Now();

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 10, trace: "scanning"), ct);
        var first = await SingleSubtaskAsync(taskId, ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 60, trace: "copying /var"), ct);
        var second = await SingleSubtaskAsync(taskId, ct);
        var t1 = Now();
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 100, trace: "done"), ct);
        var t2 = Now();
        var last = await SingleSubtaskAsync(taskId, ct);

        Assert.Equal("MIGRATE_LINUX_FILE", first["name"]!.GetValue<string>());
        Assert.Equal(10, first["progress"]!.GetValue<int>());
        Assert.Equal("scanning", first["process_trace"]!.GetValue<string>());
        Assert.InRange(first["start_date"]!.GetValue<long>(), t0, t1);
        Assert.Null(first["end_date"]);

        Assert.Equal(first["id"]!.GetValue<long>(), second["id"]!.GetValue<long>());
        Assert.Equal(first["start_date"]!.GetValue<long>(), second["start_date"]!.GetValue<long>());
        Assert.Equal(60, second["progress"]!.GetValue<int>());
        Assert.Equal("copying /var", second["process_trace"]!.GetValue<string>());
        Assert.Null(second["end_date"]);

        Assert.Equal(100, last["progress"]!.GetValue<int>());
        Assert.Equal("done", last["process_trace"]!.GetValue<string>());
        Assert.InRange(last["end_date"]!.GetValue<long>(), t1, t2);
    }

    [Fact]
    public async Task ANewSubtaskEndsThePreviousOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "CREATE_CLOUD_SERVER", progress: 40), ct);
        var t0 = Now();

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "SSL_CONFIG", progress: 5), ct);

        var t1 = Now();
        var subtasks = (await host.Admin.ShowTaskAsync(taskId, ct))["sub_tasks"]!.AsArray();
        Assert.Equal(["CREATE_CLOUD_SERVER", "SSL_CONFIG"], subtasks.Select(s => s!["name"]!.GetValue<string>()));
        Assert.InRange(subtasks[0]!["end_date"]!.GetValue<long>(), t0, t1);
        Assert.Equal(40, subtasks[0]!["progress"]!.GetValue<int>());
        Assert.InRange(subtasks[1]!["start_date"]!.GetValue<long>(), t0, t1);
        Assert.Null(subtasks[1]!["end_date"]);
    }

    [Fact]
    public async Task ASyncSubtaskMovesTheTaskToSyncing()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "MIGRATE_LINUX_BLOCK", progress: 100), ct);

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "SYNC_LINUX_BLOCK", progress: 3), ct);

        Assert.Equal("SYNCING", (await host.Admin.ShowTaskAsync(taskId, ct))["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(new string[0], "MIGRATE_SUCCESS")]
    [InlineData(new[] { "SYNC_WINDOWS_BLOCK" }, "SYNC_SUCCESS")]
    public async Task DetachingTheAgentImageTo100FinishesTheTask(string[] before, string finished)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "MIGRATE_WINDOWS_BLOCK", progress: 100), ct);
        foreach (var subtask in before) await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: subtask, progress: 100), ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "DETTACH_AGENT_IMAGE", progress: 99), ct);
        var almost = await host.Admin.ShowTaskAsync(taskId, ct);
        var t0 = Now();

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "DETTACH_AGENT_IMAGE", progress: 100), ct);

        var t1 = Now();
        var done = await host.Admin.ShowTaskAsync(taskId, ct);
        Assert.Equal(before.Length == 0 ? "RUNNING" : "SYNCING", almost["state"]!.GetValue<string>());
        Assert.Null(almost["finish_date"]);
        Assert.Equal(finished, done["state"]!.GetValue<string>());
        Assert.InRange(done["finish_date"]!.GetValue<long>(), t0, t1);
        Assert.InRange(done["sub_tasks"]!.AsArray().Last()!["end_date"]!.GetValue<long>(), t0, t1);
    }

    [Fact]
    public async Task TheTaskShowsTheNumbersOfTheLatestReportInShowTaskAndListTasks()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        await host.Admin.ReportOkAsync(taskId, FullReport(1), ct);
        var t0 = Now();

        await host.Admin.ReportOkAsync(taskId, FullReport(2), ct);

        var t1 = Now();
        var shown = await host.Admin.ShowTaskAsync(taskId, ct);
        var listed = (await host.Admin.GetJsonAsync($"/v3/tasks?id={taskId}", ct))["tasks"]!.AsArray().Single()!.AsObject();
        foreach (var task in new[] { shown, listed })
        {
            Assert.Equal(taskId, task["id"]!.GetValue<string>());
            Assert.Equal(2000, task["replicatesize"]!.GetValue<long>());
            Assert.Equal(100_000, task["totalsize"]!.GetValue<long>());
            Assert.Equal(200.5, task["migrate_speed"]!.GetValue<double>());
            Assert.Equal(2.5, task["compress_rate"]!.GetValue<double>());
            Assert.Equal(7200, task["remain_seconds"]!.GetValue<long>());
            Assert.InRange(task["estimate_complete_time"]!.GetValue<long>(), t0 + 7_200_000, t1 + 7_200_000);
            Assert.False(task["need_migration_test"]!.GetValue<bool>());
            Assert.Equal(20.5, task["total_cpu_usage"]!.GetValue<double>());
            Assert.Equal(2.25, task["agent_cpu_usage"]!.GetValue<double>());
            Assert.Equal(4096, task["total_mem_usage"]!.GetValue<double>());
            Assert.Equal(256, task["agent_mem_usage"]!.GetValue<double>());
            Assert.Equal(600, task["total_disk_io"]!.GetValue<double>());
            Assert.Equal(300, task["agent_disk_io"]!.GetValue<double>());
        }
    }

    [Fact]
    public async Task NeedMigrationTestFollowsTheLatestReport()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody().With("need_migration_test", true), ct);
        var afterTrue = await host.Admin.ShowTaskAsync(taskId, ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody().With("need_migration_test", false), ct);
        var afterFalse = await host.Admin.ShowTaskAsync(taskId, ct);

        Assert.True(afterTrue["need_migration_test"]!.GetValue<bool>());
        Assert.False(afterFalse["need_migration_test"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TheSourceShowsReplicateWhileItsTaskRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await host.Admin.RegisterSourceAsync(ct);
        var taskId = await host.Admin.CreateTaskAsync(sourceId, ct);
        var before = await host.Admin.GetJsonAsync($"/v3/sources/{sourceId}", ct);

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(replicated: 300, total: 900), ct);

        var source = await host.Admin.GetJsonAsync($"/v3/sources/{sourceId}", ct);
        Assert.NotEqual("replicate", before["state"]!.GetValue<string>());
        Assert.Equal("replicate", source["state"]!.GetValue<string>());
        Assert.Equal(taskId, source["current_task"]!["id"]!.GetValue<string>());
        Assert.Equal("RUNNING", source["current_task"]!["state"]!.GetValue<string>());
        Assert.Equal(300, source["replicatesize"]!.GetValue<long>());
        Assert.Equal("replicate", (await host.Admin.ShowTaskAsync(taskId, ct))["source_server"]!["state"]!.GetValue<string>());
    }

    async Task<JsonObject> SingleSubtaskAsync(string taskId, CancellationToken ct) =>
        (await host.Admin.ShowTaskAsync(taskId, ct))["sub_tasks"]!.AsArray().Single()!.AsObject();

    /// <summary>A report with every field set; each number scales with <paramref name="n"/> so two reports differ everywhere.</summary>
    static JsonObject FullReport(int n) => Api.ProgressBody(progress: 10 * n, replicated: 1000 * n, total: 50_000 * n, trace: $"report {n}")
        .With("migrate_speed", 100 * n + 0.5).With("compress_rate", 1.25 * n).With("remain_time", 3600 * n)
        .With("total_cpu_usage", 10 * n + 0.5).With("agent_cpu_usage", 1.125 * n).With("total_mem_usage", 2048 * n)
        .With("agent_mem_usage", 128 * n).With("total_disk_io", 300 * n).With("agent_disk_io", 150 * n)
        .With("need_migration_test", n % 2 == 1).With("agent_time", $"2025-06-01T10:20:0{n}+08:00");
}
