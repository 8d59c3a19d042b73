using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>The two IAM GETs a Huawei SDK built with a region makes before its first call (reference §4.3).</summary>
public sealed class DiscoveryTests(IamHost host) : IClassFixture<IamHost>
{
    [Fact]
    public async Task ASignedDomainsRequestAnswersTheCallersAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);
        var key = await host.Admin.NewKeyAsync(user.Id, ct);
        using var client = host.App.CreateClient();

        using var response = await client.SendSignedAsync(key, HttpMethod.Get, "/v3/auth/domains", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var domain = Assert.Single((await response.JsonAsync(ct))["domains"]!.AsArray())!;
        Assert.Equal(host.AccountId, domain["id"]!.GetValue<string>());
        Assert.Equal("opensms", domain["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("cn-north-4")]
    [InlineData("default")]
    public async Task ASignedProjectsRequestForARegionAnswersExactlyOneProjectOfTheCallersAccount(string region)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);
        var key = await host.Admin.NewKeyAsync(user.Id, ct);
        using var client = host.App.CreateClient();

        using var response = await client.SendSignedAsync(key, HttpMethod.Get, $"/v3/projects?name={region}", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var project = Assert.Single((await response.JsonAsync(ct))["projects"]!.AsArray())!;
        Assert.Equal("default", project["name"]!.GetValue<string>());
        Assert.Equal(host.AccountId, project["domain_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASecondAccountsKeyDiscoversItsOwnAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var (accountId, otherAdmin) = await host.NewAccountAsync(ct);
        using var _ = otherAdmin;
        var otherUser = await otherAdmin.NewUserAsync(ct);
        var key = await otherAdmin.NewKeyAsync(otherUser.Id, ct);
        using var client = host.App.CreateClient();

        using var domains = await client.SendSignedAsync(key, HttpMethod.Get, "/v3/auth/domains", null, ct);
        using var projects = await client.SendSignedAsync(key, HttpMethod.Get, "/v3/projects?name=cn-north-4", null, ct);

        Assert.Equal(accountId, Assert.Single((await domains.JsonAsync(ct))["domains"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(accountId, Assert.Single((await projects.JsonAsync(ct))["projects"]!.AsArray())!["domain_id"]!.GetValue<string>());
    }
}
