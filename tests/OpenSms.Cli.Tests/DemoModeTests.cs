namespace OpenSms.Cli.Tests;

/// <summary>Demo mode: the server migrates made-up servers through its own API as soon as it listens.</summary>
public sealed class DemoModeTests
{
    [Fact]
    public async Task InDemoModeSimulatedAgentsStartMigratingOnceTheServerListens()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = new CliHost(("OpenSms:Demo", "true"), ("OpenSms:DemoAgents", "2"), ("OpenSms:DemoInterval", "00:00:00.05"));
        var admin = await host.AdminAsync(ct);

        await TestData.EventuallyAsync(async () =>
        {
            var tasks = (await admin.ListTasksAsync(ct: ct))["tasks"]!.AsArray();
            return tasks.Count >= 2 && tasks.Any(t => t!["sub_tasks"]!.AsArray().Count > 0);
        }, "the demo agents to report progress", ct);

        var names = (await admin.ListTasksAsync(ct: ct))["tasks"]!.AsArray().Select(t => t!["name"]!.GetValue<string>());
        Assert.All(names, n => Assert.StartsWith("demo-", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutDemoModeNoAgentIsStarted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = new CliHost();
        var admin = await host.AdminAsync(ct);

        await Task.Delay(300, ct);

        Assert.Equal(0, (await admin.ListServersAsync(ct: ct))["count"]!.GetValue<int>());
    }
}
