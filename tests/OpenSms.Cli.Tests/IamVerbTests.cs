namespace OpenSms.Cli.Tests;

/// <summary><c>opensms iam users|policies|keys</c> and <c>decode-message</c>.</summary>
public sealed class IamVerbTests : IDisposable
{
    readonly CliHost host = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task UsersPoliciesAndKeysCanBeManagedEndToEnd()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.LoginAsync(ct);

        var userId = (await host.RunAsync(ct, "iam", "users", "create", "agent-1", "--password", "Agent-pass-123")).Output.Trim();
        var users = await host.RunAsync(ct, "iam", "users", "list");
        var policyId = (await host.RunAsync(ct, "iam", "policies", "create", "agents", "--description", "what agents do", "--document",
            """{"Version":"5.0","Statement":[{"Effect":"Allow","Action":["sms:server:updateTaskProgress","sms:server:getCommand"]}]}""")).Output.Trim();
        var attach = await host.RunAsync(ct, "iam", "policies", "attach", policyId, userId);
        var policies = await host.RunAsync(ct, "iam", "policies", "list");
        var show = await host.RunAsync(ct, "iam", "policies", "show", policyId);
        var key = await host.RunAsync(ct, "iam", "keys", "create", userId, "--description", "agent key");
        var keys = await host.RunAsync(ct, "iam", "keys", "list", "--user", userId, "--json");
        var access = keys.Json()["credentials"]![0]!["access"]!.GetValue<string>();

        Assert.Contains("agent-1", users.Output, StringComparison.Ordinal);
        Assert.Equal(0, attach.Exit);
        Assert.Contains("agents", policies.Output, StringComparison.Ordinal);
        Assert.Contains("sms:server:updateTaskProgress", show.Output, StringComparison.Ordinal);
        Assert.Contains("secret key", key.Output, StringComparison.Ordinal);
        Assert.Null(keys.Json()["credentials"]![0]!["secret"]);

        Assert.Equal(0, (await host.RunAsync(ct, "iam", "keys", "delete", access)).Exit);
        Assert.Equal(1, (await host.RunAsync(ct, "iam", "policies", "delete", policyId)).Exit);
        Assert.Equal(0, (await host.RunAsync(ct, "iam", "policies", "detach", policyId, userId)).Exit);
        Assert.Equal(0, (await host.RunAsync(ct, "iam", "policies", "delete", policyId)).Exit);
        Assert.Equal(0, (await host.RunAsync(ct, "iam", "users", "delete", userId)).Exit);
        Assert.DoesNotContain("agent-1", (await host.RunAsync(ct, "iam", "users", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeniedVerbPointsAtDecodeMessageWhichShowsTheAdministratorWhy()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        await admin.CreateUserAsync("viewer", "Viewer-pass-123", ct: ct);
        await host.LoginAsync(ct);
        var viewerLogin = await host.RunAsync(ct, "--profile", "viewer", "login", "--endpoint", host.Endpoint.ToString(),
            "--user", "viewer", "--password", "Viewer-pass-123");

        var denied = await host.RunAsync(ct, "--profile", "viewer", "tasks", "list");
        var encoded = denied.Error.Split("decode-message ")[1].Trim();
        var decoded = await host.RunAsync(ct, "--profile", "default", "decode-message", encoded);

        Assert.Equal(0, viewerLogin.Exit);
        Assert.Equal(1, denied.Exit);
        Assert.Contains("SMS.9004", denied.Error, StringComparison.Ordinal);
        Assert.Equal(0, decoded.Exit);
        Assert.Contains("sms:server:listTask", decoded.Output, StringComparison.Ordinal);
        Assert.Contains("viewer", decoded.Output, StringComparison.Ordinal);
    }
}
