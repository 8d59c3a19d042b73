using OpenSms.Client.Simulation;
using OpenSms.Core.Contracts;

namespace OpenSms.Cli.Tests;

/// <summary>
/// An agent told to break its speed limit is stopped by the server's over-speed protection, and
/// <c>speed-limit events</c> shows why. Needs the speed-limit API; the detector's window is
/// shortened so the run takes milliseconds, not a minute.
/// </summary>
public sealed class OverspeedTests : IDisposable
{
    readonly CliHost host = new(("OpenSms:OverSpeed:SlidingWindowSeconds", "0"), ("OpenSms:OverSpeed:MinReports", "3"));

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task AnAgentBreakingItsLimitIsStoppedAndSpeedLimitEventsShowsTheEpisode()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(await host.HasSpeedLimitApiAsync(ct), "this server build has no speed-limit API yet");
        var admin = await host.AdminAsync(ct);
        var (_, task) = await admin.NewTaskAsync(ct);
        await admin.UpdateTaskAsync(task, new UpdateTaskRequest { SpeedLimit = 20 }, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var options = new SimulatorOptions
        {
            TaskIds = [task], Interval = TimeSpan.FromMilliseconds(20), Duration = TimeSpan.FromSeconds(5), Overspeed = 0.5,
        };
        var simulation = new AgentSimulator(admin, options).RunAsync(stop.Token);

        await TestData.EventuallyAsync(async () => await admin.StateAsync(task, ct) == "ABORT", "the over-speed stop", ct);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulation);
        await host.LoginAsync(ct);
        var events = await host.RunAsync(ct, "speed-limit", "events", task);

        Assert.Contains("SMS.9010", (await admin.ShowTaskAsync(task, ct))["error_json"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, events.Exit);
        Assert.Contains("20 Mbit/s", events.Output, StringComparison.Ordinal);
        Assert.Contains("true", events.Output, StringComparison.Ordinal);
    }
}
