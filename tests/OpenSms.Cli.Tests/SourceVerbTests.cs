namespace OpenSms.Cli.Tests;

/// <summary><c>opensms sources list|show|delete</c>.</summary>
public sealed class SourceVerbTests : IDisposable
{
    readonly CliHost host = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task SourcesListShowsEveryRegisteredSourceInATable()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        await admin.RegisterServerAsync(TestData.Source("web-01"), ct);
        await admin.RegisterServerAsync(TestData.Source("db-01"), ct);
        await host.LoginAsync(ct);

        var list = await host.RunAsync(ct, "sources", "list");

        Assert.Equal(0, list.Exit);
        Assert.Contains("NAME", list.Output, StringComparison.Ordinal);
        Assert.Contains("web-01", list.Output, StringComparison.Ordinal);
        Assert.Contains("db-01", list.Output, StringComparison.Ordinal);
        Assert.Contains("LINUX Ubuntu 22.04", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourcesShowPrintsTheSourceAndJsonGivesTheApiBody()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (source, task) = await admin.NewTaskAsync(ct);
        await host.LoginAsync(ct);

        var show = await host.RunAsync(ct, "sources", "show", source);
        var json = await host.RunAsync(ct, "sources", "show", source, "--json");

        Assert.Equal(0, show.Exit);
        Assert.Contains("10.0.0.5", show.Output, StringComparison.Ordinal);
        Assert.Contains($"{task} (READY)", show.Output, StringComparison.Ordinal);
        Assert.Equal(source, json.Json()["id"]!.GetValue<string>());
        Assert.Equal("initialize", json.Json()["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task SourcesDeleteRemovesTheSourcesWithTheirTasks()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (first, task) = await admin.NewTaskAsync(ct, "web-01");
        var second = await admin.RegisterServerAsync(TestData.Source("web-02"), ct);
        await host.LoginAsync(ct);

        var delete = await host.RunAsync(ct, "sources", "delete", first, second);

        Assert.Equal(0, delete.Exit);
        Assert.Equal(0, (await admin.ListServersAsync(ct: ct))["count"]!.GetValue<int>());
        var e = await Assert.ThrowsAsync<Client.OpenSmsApiException>(() => admin.ShowTaskAsync(task, ct));
        Assert.Equal("SMS.9005", e.ErrorCode);
    }
}
