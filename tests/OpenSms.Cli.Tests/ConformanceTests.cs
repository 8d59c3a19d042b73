using System.Text.RegularExpressions;

namespace OpenSms.Cli.Tests;

/// <summary><c>opensms conformance</c> against our own server, and against an endpoint that is not SMS at all.</summary>
public sealed partial class ConformanceTests : IDisposable
{
    readonly CliHost host = new();

    public void Dispose() => host.Dispose();

    [GeneratedRegex(@"^(\d+) passed, (\d+) failed$", RegexOptions.Multiline)]
    private static partial Regex Summary();

    static (int Passed, int Failed) Counts(CliResult result)
    {
        var m = Summary().Match(result.Output);
        Assert.True(m.Success, "no summary line in:\n" + result.Output);
        return (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ConformanceAgainstOurOwnServerPassesCompletely()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(await host.HasSpeedLimitApiAsync(ct), "this server build has no speed-limit API yet; the next test covers the rest");

        var run = await host.RunAsync(ct, "conformance", "--endpoint", host.Endpoint.ToString(), "--user", "admin", "--password", CliHost.AdminPassword);

        var (passed, failed) = Counts(run);
        Assert.True(failed == 0, run.Output);
        Assert.True(passed >= 35, run.Output);
        Assert.Equal(0, run.Exit);
    }

    [Fact]
    public async Task ConformanceOfTheTaskAndProgressApiPassesCompletelyWithAnAccessKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var adminId = (await admin.ListUsersAsync(ct)).Single(u => u.Name == "admin").Id;
        var key = await admin.CreateCredentialAsync(adminId, "conformance", ct);

        var run = await host.RunAsync(ct, "conformance", "--endpoint", host.Endpoint.ToString(), "--ak", key.Access, "--sk", key.Secret!,
            "--only", "tasks", "progress");

        var (passed, failed) = Counts(run);
        Assert.True(failed == 0, run.Output);
        Assert.True(passed >= 27, run.Output);
        Assert.Equal(0, run.Exit);
        Assert.Equal(0, (await admin.ListTasksAsync(ct: ct))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ConformanceAgainstAnEndpointWithoutTheApiFailsEveryCheckAndExitsNonZero()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.LoginAsync(ct);

        var run = await host.RunAsync(ct, "conformance", "--endpoint", new Uri(host.Endpoint, "/not-sms").ToString());

        var (passed, failed) = Counts(run);
        Assert.Equal(0, passed);
        Assert.True(failed > 30, run.Output);
        Assert.Equal(1, run.Exit);
        Assert.Contains("FAIL  RegisterServer answers 200", run.Output, StringComparison.Ordinal);
        Assert.Contains("not run: CreateTask failed", run.Output, StringComparison.Ordinal);
    }
}
