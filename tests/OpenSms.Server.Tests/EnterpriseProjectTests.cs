using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>POST|GET /v1.0/enterprise-projects; "0" is the built-in default.</summary>
public sealed class EnterpriseProjectTests(IamHost host) : IClassFixture<IamHost>
{
    static Task<HttpResponseMessage> CreateAsync(HttpClient client, string name, CancellationToken ct) =>
        client.PostAsJsonAsync("/v1.0/enterprise-projects", new JsonObject { ["name"] = name, ["description"] = "test" }, ct);

    [Fact]
    public async Task CreatingAnEnterpriseProjectAnswers200WithItsIdNameAndStatus1()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = IamHost.UniqueName("finance");

        using var response = await CreateAsync(host.Admin, name, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var project = (await response.JsonAsync(ct))["enterprise_project"]!;
        Assert.False(string.IsNullOrEmpty(project["id"]!.GetValue<string>()));
        Assert.Equal(name, project["name"]!.GetValue<string>());
        Assert.Equal(1, project["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheListHoldsTheDefaultProject0AndTheCreatedOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var created = await CreateAsync(host.Admin, IamHost.UniqueName("ops"), ct);
        var id = (await created.JsonAsync(ct))["enterprise_project"]!["id"]!.GetValue<string>();

        var list = await host.Admin.GetJsonAsync("/v1.0/enterprise-projects", ct);

        var ids = list["enterprise_projects"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToList();
        Assert.Equal("0", ids[0]);
        Assert.Contains(id, ids);
        Assert.Equal(ids.Count, list["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ASecondProjectWithTheSameNameIsAConflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = IamHost.UniqueName("dup");
        (await CreateAsync(host.Admin, name, ct)).Dispose();

        using var response = await CreateAsync(host.Admin, name, ct);

        await response.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
    }

    [Theory]
    [InlineData("")]
    [InlineData("default")]
    public async Task AnEmptyOrReservedNameIsA400NamingTheName(string name)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await CreateAsync(host.Admin, name, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(["name"], error.ErrorParams());
    }

    [Fact]
    public async Task AUserWithoutPoliciesIsDeniedCreatingOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;

        using var response = await CreateAsync(client, IamHost.UniqueName("nope"), ct);

        await response.AssertDeniedAsync("eps:enterpriseProjects:create", "*", ct);
    }
}
