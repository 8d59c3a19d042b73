using OpenSms.Client.Simulation;
using OpenSms.Core.Contracts;

namespace OpenSms.Cli.Tests;

/// <summary>The agent simulator, on a short interval, against the real server.</summary>
public sealed class SimulatorTests : IDisposable
{
    readonly CliHost host = new();

    public void Dispose() => host.Dispose();

    static SimulatorOptions Fast => new()
    {
        Interval = TimeSpan.FromMilliseconds(20), Duration = TimeSpan.FromMilliseconds(300), Seed = 42,
    };

    [Fact]
    public async Task SimulatedAgentsDriveTheirNewTasksFromReadyToMigrateSuccess()
    {
        var ct = TestContext.Current.CancellationToken;
        var recorder = new ReportRecorder();
        var client = await recorder.AdminClientAsync(host, ct);
        var events = new System.Collections.Concurrent.ConcurrentQueue<AgentEvent>();

        var outcomes = await new AgentSimulator(client, Fast with { Agents = 3, OnEvent = events.Enqueue }).RunAsync(ct)
            .WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(3, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Finished));
        var tasks = (await client.ListTasksAsync(ct: ct))["tasks"]!.AsArray();
        Assert.Equal(3, tasks.Count);
        foreach (var task in tasks)
        {
            Assert.Equal("MIGRATE_SUCCESS", task!["state"]!.GetValue<string>());
            var plan = MigrationPlan.For(task["os_type"]!.GetValue<string>(), task["type"]!.GetValue<string>());
            Assert.Equal(plan.Subtasks, task["sub_tasks"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
            Assert.All(task["sub_tasks"]!.AsArray(), s => Assert.Equal(100, s!["progress"]!.GetValue<int>()));
            Assert.Equal(task["totalsize"]!.GetValue<long>(), task["replicatesize"]!.GetValue<long>());
        }
        Assert.Equal(3, events.Count(e => e.Kind == AgentEventKind.Started));
        Assert.All(recorder.Reports.Where(r => r["migrate_speed"] is not null), r =>
        {
            Assert.NotNull(r["total_cpu_usage"]);
            Assert.NotNull(r["agent_disk_io"]);
            Assert.NotNull(r["agent_time"]);
        });
    }

    [Fact]
    public async Task AgentSimulateRunsAnExistingReadyTaskToMigrateSuccess()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (_, task) = await admin.NewTaskAsync(ct);
        await host.LoginAsync(ct);

        var run = await host.RunAsync(ct, "agent", "simulate", "--task", task, "--interval", "20ms", "--duration", "300ms");

        Assert.Equal(0, run.Exit);
        Assert.Contains("1 of 1 task(s) finished", run.Output, StringComparison.Ordinal);
        Assert.Contains("DETTACH_AGENT_IMAGE started", run.Output, StringComparison.Ordinal);
        Assert.Equal("MIGRATE_SUCCESS", await admin.StateAsync(task, ct));
    }

    [Fact]
    public async Task AnAgentAcknowledgesStopAndCarriesOnWhenStartedAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (_, task) = await admin.NewTaskAsync(ct);
        var simulation = new AgentSimulator(admin, Fast with { TaskIds = [task], Duration = TimeSpan.FromSeconds(3) }).RunAsync(ct);

        await TestData.EventuallyAsync(async () => (await admin.ShowTaskAsync(task, ct))["replicatesize"]?.GetValue<long>() > 0, "the copy to start", ct);
        await admin.StopTaskAsync(task, ct);
        await TestData.EventuallyAsync(async () => await admin.StateAsync(task, ct) == "ABORT", "the agent to acknowledge STOP", ct);
        var copied = (await admin.ShowTaskAsync(task, ct))["replicatesize"]!.GetValue<long>();
        await Task.Delay(200, ct);
        Assert.Equal(copied, (await admin.ShowTaskAsync(task, ct))["replicatesize"]!.GetValue<long>());
        await admin.StartTaskAsync(task, ct);
        var outcomes = await simulation.WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.True(outcomes.Single().Finished);
        Assert.Equal("MIGRATE_SUCCESS", await admin.StateAsync(task, ct));
    }

    [Fact]
    public async Task AgentsKeepUnderTheTasksSpeedLimitAndBreakItWhenAskedTo()
    {
        var ct = TestContext.Current.CancellationToken;
        var obeying = new ReportRecorder();
        var breaking = new ReportRecorder();
        var client = await obeying.AdminClientAsync(host, ct);
        var overspeeder = await breaking.AdminClientAsync(host, ct);
        var (_, slow) = await client.NewTaskAsync(ct, "slow-01");
        var (_, fast) = await client.NewTaskAsync(ct, "fast-01");
        foreach (var id in new[] { slow, fast }) await client.UpdateTaskAsync(id, new UpdateTaskRequest { SpeedLimit = 20 }, ct);

        await Task.WhenAll(
            new AgentSimulator(client, Fast with { TaskIds = [slow] }).RunAsync(ct),
            new AgentSimulator(overspeeder, Fast with { TaskIds = [fast], Overspeed = 0.5 }).RunAsync(ct)).WaitAsync(TimeSpan.FromSeconds(60), ct);

        var slowSpeeds = obeying.Reports.Select(r => r["migrate_speed"]?.GetValue<double>()).OfType<double>().ToList();
        var fastSpeeds = breaking.Reports.Select(r => r["migrate_speed"]?.GetValue<double>()).OfType<double>().ToList();
        Assert.NotEmpty(slowSpeeds);
        Assert.All(slowSpeeds, s => Assert.InRange(s, 0, 20));
        Assert.NotEmpty(fastSpeeds);
        Assert.All(fastSpeeds, s => Assert.True(s > 22, $"{s} Mbit/s should be over 20 + 10 %"));
    }

    [Fact]
    public async Task AgentsKeepUnderTheSpeedLimitWindowInForce()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(await host.HasSpeedLimitApiAsync(ct), "this server build has no speed-limit API yet");
        var recorder = new ReportRecorder();
        var client = await recorder.AdminClientAsync(host, ct);
        var (_, task) = await client.NewTaskAsync(ct);
        await client.SetSpeedLimitAsync(task, new SpeedLimitBody { SpeedLimit = [new SpeedLimitWindow { Start = "00:00", End = "23:59", Speed = 15 }] }, ct);

        await new AgentSimulator(client, Fast with { TaskIds = [task] }).RunAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        var speeds = recorder.Reports.Select(r => r["migrate_speed"]?.GetValue<double>()).OfType<double>().ToList();
        Assert.NotEmpty(speeds);
        Assert.All(speeds, s => Assert.InRange(s, 0, 15));
    }

    [Fact]
    public async Task AgentsSignInAgainWhenTheirTokenIsRevokedAndCarryOn()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var agents = await host.AdminAsync(ct);
        var (_, task) = await admin.NewTaskAsync(ct);
        var signIns = 0;
        var options = Fast with
        {
            TaskIds = [task], Duration = TimeSpan.FromSeconds(1),
            Reauthenticate = async c => { Interlocked.Increment(ref signIns); await agents.LoginAsync("admin", CliHost.AdminPassword, "opensms", "default", c); },
        };
        var simulation = new AgentSimulator(agents, options).RunAsync(ct);

        await TestData.EventuallyAsync(async () => (await admin.ShowTaskAsync(task, ct))["replicatesize"]?.GetValue<long>() > 0, "the copy to start", ct);
        await admin.RevokeTokenAsync(agents.Token!, ct);
        var outcomes = await simulation.WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.True(outcomes.Single().Finished);
        Assert.True(signIns >= 1);
    }

    [Fact]
    public async Task AnAgentWhoseTaskIsDeletedGivesUp()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (source, task) = await admin.NewTaskAsync(ct);
        var simulation = new AgentSimulator(admin, Fast with { TaskIds = [task], StartTasks = false }).RunAsync(ct);

        await Task.Delay(100, ct);
        await admin.DeleteServerAsync(source, ct);
        var outcomes = await simulation.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.False(outcomes.Single().Finished);
    }
}
