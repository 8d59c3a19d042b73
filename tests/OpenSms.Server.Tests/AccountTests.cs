using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>The accounts extension: /v3/opensms/accounts, for the operator's administrator only.</summary>
public sealed class AccountTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    static JsonObject AccountBody(string name, string password = "Tenant-pass-1") =>
        new() { ["name"] = name, ["admin_password"] = password };

    [Fact]
    public async Task TheOperatorCreatesAnAccountWhoseAdminCanSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);
        var name = Kit.Unique("acme");

        using var response = await admin.PostAsJsonAsync("/v3/opensms/accounts", AccountBody(name), ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["account"]!;
        Assert.Equal(name, account["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(account["id"]!.GetValue<string>()));
        using var tenant = await app.SignedInClientAsync(name, "admin", "Tenant-pass-1", ct);
        var tasks = await tenant.GetJsonAsync("/v3/tasks", ct);
        Assert.Equal(0, tasks["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheListShowsTheOperatorAccountAndCreatedOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);
        var name = Kit.Unique("listed");
        using (var created = await admin.PostAsJsonAsync("/v3/opensms/accounts", AccountBody(name), ct))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var list = await admin.GetJsonAsync("/v3/opensms/accounts", ct);

        var names = list["accounts"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("opensms", names);
        Assert.Contains(name, names);
    }

    [Fact]
    public async Task ASecondAccountWithTheSameNameIs409()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);
        var name = Kit.Unique("twice");
        using (var created = await admin.PostAsJsonAsync("/v3/opensms/accounts", AccountBody(name), ct))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var again = await admin.PostAsJsonAsync("/v3/opensms/accounts", AccountBody(name), ct);

        await again.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
    }

    [Theory]
    [InlineData("""{}""", new[] { "name", "admin_password" })]
    [InlineData("""{"name":"has space","admin_password":"Long-enough-1"}""", new[] { "name" })]
    [InlineData("""{"name":"ok-name","admin_password":"short"}""", new[] { "admin_password" })]
    public async Task AnInvalidAccountIs400SMS9001NamingTheFields(string body, string[] fields)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);

        using var response = await admin.PostAsync("/v3/opensms/accounts", Api.RawJson(body), ct);

        await response.AssertInvalidAsync(ct, fields);
    }

    [Fact]
    public async Task AnEmptyAccountIsDeletedAndItsAdminCanNoLongerSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);
        var name = Kit.Unique("gone");
        using var created = await admin.PostAsJsonAsync("/v3/opensms/accounts", AccountBody(name), ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["account"]!["id"]!.GetValue<string>();

        using var deleted = await admin.DeleteAsync($"/v3/opensms/accounts/{id}", ct);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", await deleted.Content.ReadAsStringAsync(ct));
        var list = await admin.GetJsonAsync("/v3/opensms/accounts", ct);
        Assert.DoesNotContain(id, list.Ids("accounts"));
        using var anonymous = app.CreateClient();
        using var signIn = await anonymous.PostAsJsonAsync("/v3/auth/tokens", SignIn(name), ct);
        await signIn.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
    }

    [Fact]
    public async Task TokensOfADeletedAccountStopWorking()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);
        var name = Kit.Unique("closed");
        using var created = await admin.PostAsJsonAsync("/v3/opensms/accounts", AccountBody(name), ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["account"]!["id"]!.GetValue<string>();
        using var tenant = await app.SignedInClientAsync(name, "admin", "Tenant-pass-1", ct);

        await Kit.OkAsync(admin.DeleteAsync($"/v3/opensms/accounts/{id}", ct), ct);

        using var read = await tenant.GetAsync("/v3/tasks", ct);
        await read.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
        using var write = await tenant.PostAsJsonAsync("/v3/sources", Api.SourceBody(), ct);
        await write.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
        using var operatorStillWorks = await admin.GetAsync("/v3/tasks", ct);
        Assert.Equal(HttpStatusCode.OK, operatorStillWorks.StatusCode);
    }

    [Fact]
    public async Task AnAccountWithASourceServerIsNotDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);
        var name = Kit.Unique("busy");
        using var created = await admin.PostAsJsonAsync("/v3/opensms/accounts", AccountBody(name), ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["account"]!["id"]!.GetValue<string>();
        using var tenant = await app.SignedInClientAsync(name, "admin", "Tenant-pass-1", ct);
        await tenant.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);

        using var deleted = await admin.DeleteAsync($"/v3/opensms/accounts/{id}", ct);

        await deleted.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Contains(id, (await admin.GetJsonAsync("/v3/opensms/accounts", ct)).Ids("accounts"));
    }

    [Fact]
    public async Task DeletingAnUnknownAccountIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);

        using var deleted = await admin.DeleteAsync("/v3/opensms/accounts/no-such-account", ct);

        await deleted.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Fact]
    public async Task TheOperatorAccountCannotBeDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);
        var list = await admin.GetJsonAsync("/v3/opensms/accounts", ct);
        var operatorId = list["accounts"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "opensms")!["id"]!.GetValue<string>();

        using var deleted = await admin.DeleteAsync($"/v3/opensms/accounts/{operatorId}", ct);

        await deleted.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
    }

    [Theory]
    [InlineData("GET", "/v3/opensms/accounts")]
    [InlineData("POST", "/v3/opensms/accounts")]
    [InlineData("DELETE", "/v3/opensms/accounts/any")]
    public async Task AnotherAccountsAdminIsForbiddenWithSMS9004(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var tenant = await app.TenantClientAsync(ct);

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = JsonContent.Create(AccountBody(Kit.Unique("sneaky")));
        using var response = await tenant.SendAsync(request, ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.Forbidden, "SMS.9004", ct);
        Assert.StartsWith("The current account does not have the permission to execute policy.", error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        var detail = Assert.Single(error["details"]!.AsArray());
        Assert.Equal("SMS.9004", detail!["error_code"]!.GetValue<string>());
    }

    static JsonObject SignIn(string account) => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = new JsonObject { ["name"] = "admin", ["password"] = "Tenant-pass-1", ["domain"] = new JsonObject { ["name"] = account } },
                },
            },
        },
    };
}
