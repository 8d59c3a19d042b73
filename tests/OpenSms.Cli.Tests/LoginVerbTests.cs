using System.Text.Json.Nodes;

namespace OpenSms.Cli.Tests;

/// <summary><c>opensms login|logout</c> and profiles in the config file.</summary>
public sealed class LoginVerbTests : IDisposable
{
    readonly CliHost host = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task LoginSavesATokenProfileReadableOnlyByItsOwnerThatLaterVerbsUse()
    {
        var ct = TestContext.Current.CancellationToken;

        var login = await host.RunAsync(ct, "login", "--endpoint", host.Endpoint.ToString(), "--user", "admin", "--password", CliHost.AdminPassword);
        var list = await host.RunAsync(ct, "tasks", "list", "--json");

        Assert.Equal(0, login.Exit);
        Assert.Contains("Signed in", login.Output, StringComparison.Ordinal);
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(host.ConfigFile, ct))!["profiles"]!["default"]!;
        Assert.False(string.IsNullOrEmpty(profile["token"]?.GetValue<string>()));
        Assert.Equal("opensms", profile["account"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.ConfigFile));
        Assert.Equal(0, list.Exit);
        Assert.Equal(0, list.Json()["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task LoginWithAnAccessKeySavesItAndLaterVerbsSignTheirRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var adminId = (await admin.ListUsersAsync(ct)).Single(u => u.Name == "admin").Id;
        var key = await admin.CreateCredentialAsync(adminId, null, ct);
        await admin.NewTaskAsync(ct, "signed-01");

        var login = await host.RunAsync(ct, "login", "--endpoint", host.Endpoint.ToString(), "--ak", key.Access, "--sk", key.Secret!);
        var list = await host.RunAsync(ct, "sources", "list");

        Assert.Equal(0, login.Exit);
        Assert.Contains("works", login.Output, StringComparison.Ordinal);
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(host.ConfigFile, ct))!["profiles"]!["default"]!;
        Assert.Null(profile["token"]);
        Assert.Equal(key.Access, profile["access_key"]!.GetValue<string>());
        Assert.Equal(0, list.Exit);
        Assert.Contains("signed-01", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogoutRevokesTheTokenSoTheNextVerbAsksForALogin()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.LoginAsync(ct);
        var token = JsonNode.Parse(await File.ReadAllTextAsync(host.ConfigFile, ct))!["profiles"]!["default"]!["token"]!.GetValue<string>();

        var logout = await host.RunAsync(ct, "logout");
        var after = await host.RunAsync(ct, "tasks", "list");

        Assert.Equal(0, logout.Exit);
        Assert.Equal(2, after.Exit);
        Assert.Contains("opensms login", after.Error, StringComparison.Ordinal);
        var old = new Client.OpenSmsClient(new HttpClient { BaseAddress = host.Endpoint }) { Token = token };
        var e = await Assert.ThrowsAsync<Client.OpenSmsApiException>(() => old.ListTasksAsync(ct: ct));
        Assert.Equal("APIGW.0301", e.ErrorCode);
    }

    [Fact]
    public async Task AVerbWithoutAnyLoginSaysHowToSignIn()
    {
        var result = await host.RunAsync(TestContext.Current.CancellationToken, "sources", "list");

        Assert.Equal(2, result.Exit);
        Assert.Contains("Run `opensms login` first", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfilesKeepSeveralServersAndAccountsApart()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        await admin.CreateAccountAsync("tenant-b", "Tenant-b-pass1", ct);
        await admin.NewTaskAsync(ct, "operator-01");
        await host.LoginAsync(ct);

        var loginB = await host.RunAsync(ct, "--profile", "b", "login", "--endpoint", host.Endpoint.ToString(),
            "--account", "tenant-b", "--password", "Tenant-b-pass1");
        var listB = await host.RunAsync(ct, "--profile", "b", "tasks", "list", "--json");
        var listDefault = await host.RunAsync(ct, "--profile", "default", "tasks", "list", "--json");

        Assert.Equal(0, loginB.Exit);
        Assert.Equal(0, listB.Json()["count"]!.GetValue<int>());
        Assert.Equal(1, listDefault.Json()["count"]!.GetValue<int>());
    }
}
