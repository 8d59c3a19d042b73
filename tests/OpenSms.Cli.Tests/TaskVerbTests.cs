using OpenSms.Core.Contracts;

namespace OpenSms.Cli.Tests;

/// <summary><c>opensms tasks list|show|create|start|stop|restart|delete</c>.</summary>
public sealed class TaskVerbTests : IDisposable
{
    readonly CliHost host = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task TasksCreatePrintsTheIdOfAReadyTaskThatShowDescribes()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var source = await admin.RegisterServerAsync(TestData.Source(), ct);
        await host.LoginAsync(ct);

        var create = await host.RunAsync(ct, "tasks", "create", "--name", "web-01-migration", "--source", source, "--speed-limit", "200");
        var id = create.Output.Trim();
        var show = await host.RunAsync(ct, "tasks", "show", id);

        Assert.Equal(0, create.Exit);
        Assert.Equal("READY", await admin.StateAsync(id, ct));
        Assert.Equal(0, show.Exit);
        Assert.Contains("web-01-migration", show.Output, StringComparison.Ordinal);
        Assert.Contains("READY", show.Output, StringComparison.Ordinal);
        Assert.Contains("200 Mbit/s", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksListShowsProgressSpeedAndEtaOfARunningTask()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (_, task) = await admin.NewTaskAsync(ct);
        await admin.ReportProgressAsync(task, TestData.Report("MIGRATE_LINUX_FILE", 45, 4_500_000_000, 10_000_000_000, speed: 120.5, remain: 300), ct);
        await host.LoginAsync(ct);

        var list = await host.RunAsync(ct, "tasks", "list");
        var json = await host.RunAsync(ct, "tasks", "list", "--state", "RUNNING", "--json");

        Assert.Equal(0, list.Exit);
        Assert.Contains("RUNNING", list.Output, StringComparison.Ordinal);
        Assert.Contains("MIGRATE_LINUX_FILE 45%", list.Output, StringComparison.Ordinal);
        Assert.Contains("45% of 10 GB", list.Output, StringComparison.Ordinal);
        Assert.Contains("120.5 Mbit/s", list.Output, StringComparison.Ordinal);
        Assert.Contains("0:05:00", list.Output, StringComparison.Ordinal);
        Assert.Equal(task, json.Json()["tasks"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task TasksStartStopAndRestartChangeTheStateAndARefusalPrintsTheErrorCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (source, task) = await admin.NewTaskAsync(ct);
        await host.LoginAsync(ct);

        var start = await host.RunAsync(ct, "tasks", "start", task);
        Assert.Equal(0, start.Exit);
        Assert.Equal("RUNNING", await admin.StateAsync(task, ct));

        var stop = await host.RunAsync(ct, "tasks", "stop", task);
        Assert.Equal(0, stop.Exit);
        Assert.Equal("ABORTING", await admin.StateAsync(task, ct));

        var restart = await host.RunAsync(ct, "tasks", "restart", task);
        Assert.Equal(1, restart.Exit);
        Assert.Contains("SMS.1040", restart.Error, StringComparison.Ordinal);

        await admin.UpdateCommandResultAsync(source, new CommandResultRequest("STOP", "success", null), ct);
        Assert.Equal("ABORT", await admin.StateAsync(task, ct));
        var resume = await host.RunAsync(ct, "tasks", "start", task);
        Assert.Equal(0, resume.Exit);
        Assert.Equal("RUNNING", await admin.StateAsync(task, ct));
    }

    [Fact]
    public async Task TasksDeleteRefusesARunningTaskAndDeletesAStoppedOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (_, running) = await admin.NewTaskAsync(ct, "web-01");
        var (_, ready) = await admin.NewTaskAsync(ct, "web-02");
        await admin.StartTaskAsync(running, ct);
        await host.LoginAsync(ct);

        var refused = await host.RunAsync(ct, "tasks", "delete", running);
        var deleted = await host.RunAsync(ct, "tasks", "delete", ready);

        Assert.Equal(1, refused.Exit);
        Assert.Contains("SMS.9006", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, deleted.Exit);
        Assert.Equal(1, (await admin.ListTasksAsync(ct: ct))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnUnknownTaskExitsWithOneAndPrintsTheErrorCodeAndRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.LoginAsync(ct);

        var show = await host.RunAsync(ct, "tasks", "show", "00000000-0000-4000-8000-000000000000");

        Assert.Equal(1, show.Exit);
        Assert.Contains("HTTP 404 SMS.9005", show.Error, StringComparison.Ordinal);
        Assert.Contains("(request ", show.Error, StringComparison.Ordinal);
    }
}
