namespace OpenSms.Cli.Tests;

/// <summary>
/// <c>opensms speed-limit get|set</c>. They need the server's speed-limit API (docs/speed-limits.md);
/// until a build has it they are skipped, not failed.
/// </summary>
public sealed class SpeedLimitVerbTests : IDisposable
{
    readonly CliHost host = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task SpeedLimitSetStoresTheWindowsAndGetShowsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(await host.HasSpeedLimitApiAsync(ct), "this server build has no speed-limit API yet");
        var admin = await host.AdminAsync(ct);
        var (_, task) = await admin.NewTaskAsync(ct);
        await host.LoginAsync(ct);

        var set = await host.RunAsync(ct, "speed-limit", "set", task,
            "--window", "00:00-08:00=1000", "--window", "08:00-18:00=100@20/Mon,Tue,Wed,Thu,Fri", "--window", "18:00-23:59=500",
            "--time-zone", "Europe/Berlin");
        var get = await host.RunAsync(ct, "speed-limit", "get", task);
        var json = await host.RunAsync(ct, "speed-limit", "get", task, "--json");

        Assert.Equal(0, set.Exit);
        Assert.Equal(0, get.Exit);
        Assert.Contains("100 Mbit/s", get.Output, StringComparison.Ordinal);
        Assert.Contains("Mon,Tue,Wed,Thu,Fri", get.Output, StringComparison.Ordinal);
        Assert.Contains("time zone: Europe/Berlin", get.Output, StringComparison.Ordinal);
        var windows = json.Json()["speed_limit"]!.AsArray();
        Assert.Equal(3, windows.Count);
        Assert.Equal(20.0, windows[1]!["over_speed_threshold"]!.GetValue<double>());
        Assert.Equal(3, (await admin.GetSpeedLimitAsync(task, ct)).SpeedLimit!.Count);
    }

    [Fact]
    public async Task SpeedLimitSetWithOverlappingWindowsPrintsTheServersRefusal()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(await host.HasSpeedLimitApiAsync(ct), "this server build has no speed-limit API yet");
        var admin = await host.AdminAsync(ct);
        var (_, task) = await admin.NewTaskAsync(ct);
        await host.LoginAsync(ct);

        var set = await host.RunAsync(ct, "speed-limit", "set", task, "--window", "08:00-15:00=100", "--window", "14:00-16:00=200");

        Assert.Equal(1, set.Exit);
        Assert.Contains("SMS.9001", set.Error, StringComparison.Ordinal);
        Assert.Contains("speed_limit[0], speed_limit[1]", set.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedWindowIsRefusedBeforeAnythingIsSent()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.LoginAsync(ct);

        var set = await host.RunAsync(ct, "speed-limit", "set", "any-task", "--window", "8am-6pm=100");

        Assert.Equal(2, set.Exit);
        Assert.Contains("START-END=SPEED", set.Error, StringComparison.Ordinal);
    }
}
