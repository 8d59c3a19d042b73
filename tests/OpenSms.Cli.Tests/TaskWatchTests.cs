namespace OpenSms.Cli.Tests;

/// <summary><c>opensms tasks watch</c> with its output captured: plain lines instead of redrawn bars.</summary>
public sealed class TaskWatchTests : IDisposable
{
    readonly CliHost host = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task WatchPrintsABarWithSpeedAndEtaPerRunningTaskAndTheFinishThenExitsWhenDone()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (_, task) = await admin.NewTaskAsync(ct);
        await admin.ReportProgressAsync(task, TestData.Report("MIGRATE_LINUX_FILE", 50, 5_000_000_000, 10_000_000_000, speed: 120.5, remain: 400), ct);
        await host.LoginAsync(ct);

        var watch = host.Start(ct, "tasks", "watch", "--interval", "200ms", "--until-done");
        await TestData.EventuallyAsync(() => Task.FromResult(watch.OutputSoFar().Contains("50%", StringComparison.Ordinal)), "the first poll", ct);
        foreach (var subtask in new[] { "MIGRATE_LINUX_FILE", "CONFIGURE_LINUX_FILE", "DETTACH_AGENT_IMAGE" })
            await admin.ReportProgressAsync(task, TestData.Report(subtask, 100, 10_000_000_000, 10_000_000_000), ct);
        var result = await watch.Result.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(0, result.Exit);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("web-01-migration", StringComparison.Ordinal) && l.Contains("[##########----------]  50%", StringComparison.Ordinal)
                                    && l.Contains("120.5 Mbit/s", StringComparison.Ordinal) && l.Contains("ETA 0:06:40", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("MIGRATE_SUCCESS", StringComparison.Ordinal) && l.Contains("[####################] 100%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchUntilDoneSaysSoAndExitsWhenNothingRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.LoginAsync(ct);

        var result = await host.RunAsync(ct, "tasks", "watch", "--until-done");

        Assert.Equal(0, result.Exit);
        Assert.Contains("no task is running", result.Output, StringComparison.Ordinal);
    }
}
