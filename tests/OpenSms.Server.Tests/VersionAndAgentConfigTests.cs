using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>ListApiVersion, ShowApiVersion, ShowConfig and the privacy agreement.</summary>
public sealed class VersionAndAgentConfigTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    [Fact]
    public async Task TheVersionListNamesV3AsSupportedWithoutCredentials()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = host.App.CreateClient();

        var body = await (await anonymous.GetAsync("/", ct)).OkJsonAsync(ct);

        var version = body["versions"]!.AsArray().Single()!;
        Assert.Equal("v3", version["id"].Text());
        Assert.Equal("SUPPORTED", version["status"].Text());
        Assert.Equal("2020-09-02T17:50:00Z", version["updated"].Text());
        Assert.Equal("self", version["links"]![0]!["rel"].Text());
        Assert.EndsWith("/v3", version["links"]![0]!["href"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowingV3AnswersTheVersionItselfWithoutCredentials()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = host.App.CreateClient();

        var body = await (await anonymous.GetAsync("/v3", ct)).OkJsonAsync(ct);

        Assert.Equal("v3", body["id"].Text());
        Assert.Equal("SUPPORTED", body["status"].Text());
        Assert.NotNull(body["links"]);
    }

    [Fact]
    public async Task AnUnknownVersionIsTheGatewaysNotFound()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Admin.GetAsync("/v2", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("APIGW.0101", (await response.ErrorAsync(ct))["error_code"].Text());
    }

    [Fact]
    public async Task TheAgentConfigurationNamesTheServersRegion()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await host.Admin.GetJsonAsync("/v3/config", ct);

        Assert.Equal("opensms-1", body["config"]!["mainRegion"].Text());
        Assert.Equal("opensms-1", body["regions"]!.AsArray().Single()!["id"].Text());
    }

    [Fact]
    public async Task TheAgentConfigurationNeedsCredentials()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = host.App.CreateClient();

        using var response = await anonymous.GetAsync("/v3/config", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ThePrivacyAgreementIsRecordedOncePerAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.False((await host.Other.GetJsonAsync("/v3/privacy-agreements", ct))["flag"]!.GetValue<bool>());

        using var agreed = await host.Other.PostAsync("/v3/privacy-agreements", null, ct);
        Assert.Equal("{}", await agreed.Content.ReadAsStringAsync(ct));
        using var again = await host.Other.PostAsync("/v3/privacy-agreements", null, ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await host.Other.GetJsonAsync("/v3/privacy-agreements", ct))["flag"]!.GetValue<bool>());
        Assert.False((await host.Admin.GetJsonAsync("/v3/privacy-agreements", ct))["flag"]!.GetValue<bool>());
    }
}

/// <summary>ShowConfig takes the operator's configuration over its defaults.</summary>
public sealed class AgentConfigurationTests
{
    [Fact]
    public async Task ConfiguredPairsAndRegionsAreWhatTheAgentReads()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = new OpenSmsApp();
        using var configured = app.WithWebHostBuilder(b => b
            .UseSetting("OpenSms:AgentConfig:Config:mainRegion", "eu-west-101")
            .UseSetting("OpenSms:AgentConfig:Config:obs_domain", "obs.example.com")
            .UseSetting("OpenSms:AgentConfig:Regions:0:region_id", "eu-west-101")
            .UseSetting("OpenSms:AgentConfig:Regions:0:region_name", "Dublin"));
        using var client = configured.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", await OpenSmsApp.TokenAsync(client, "opensms", "admin", OpenSmsApp.AdminPassword, ct));

        var body = await client.GetJsonAsync("/v3/config", ct);

        Assert.Equal("eu-west-101", body["config"]!["mainRegion"].Text());
        Assert.Equal("obs.example.com", body["config"]!["obs_domain"].Text());
        var region = body["regions"]!.AsArray().Single()!.AsObject();
        Assert.Equal("eu-west-101", region["region_id"].Text());
        Assert.Equal("Dublin", region["region_name"].Text());
    }
}
