using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>POST/GET/DELETE /v3/auth/tokens (reference §4.4).</summary>
public sealed class TokenTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    static JsonObject PasswordBody(string account, string user, string password, string? project = "default")
    {
        var auth = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = new JsonObject { ["name"] = user, ["password"] = password, ["domain"] = new JsonObject { ["name"] = account } },
                },
            },
        };
        if (project is not null) auth["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = project } };
        return new JsonObject { ["auth"] = auth };
    }

    [Fact]
    public async Task APasswordSignInAnswers201WithTheTokenInXSubjectTokenAndTheTokenBody()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/v3/auth/tokens", PasswordBody("opensms", "admin", OpenSmsApp.AdminPassword), ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Subject-Token").Single()));
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["token"]!;
        var issued = DateTimeOffset.Parse(token["issued_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse(token["expires_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(expires - issued, TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        Assert.InRange(issued, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("admin", token["user"]!["name"]!.GetValue<string>());
        Assert.Equal("opensms", token["user"]!["domain"]!["name"]!.GetValue<string>());
        Assert.Equal("opensms", token["domain"]!["name"]!.GetValue<string>());
        Assert.Equal("default", token["project"]!["name"]!.GetValue<string>());
        Assert.Equal(token["domain"]!["id"]!.GetValue<string>(), token["project"]!["domain"]!["id"]!.GetValue<string>());
        Assert.Equal(["password"], token["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task TheContentTypeHuaweiClientsSendIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();
        var body = PasswordBody("opensms", "admin", OpenSmsApp.AdminPassword).ToJsonString();

        using var response = await client.PostAsync("/v3/auth/tokens?nocatalog=true", Api.RawJson(body, "application/json;charset=utf8"), ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ADomainScopedTokenHasNoProject()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();
        var body = PasswordBody("opensms", "admin", OpenSmsApp.AdminPassword, project: null);
        body["auth"]!["scope"] = new JsonObject { ["domain"] = new JsonObject { ["name"] = "opensms" } };

        using var response = await client.PostAsJsonAsync("/v3/auth/tokens", body, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["token"]!;
        Assert.Null(token["project"]);
        Assert.Equal("opensms", token["domain"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheAccountMayBeNamedByIdOrLeftOutForTheOperatorAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();
        using var first = await client.PostAsJsonAsync("/v3/auth/tokens", PasswordBody("opensms", "admin", OpenSmsApp.AdminPassword), ct);
        var domainId = (await first.Content.ReadFromJsonAsync<JsonObject>(ct))!["token"]!["domain"]!["id"]!.GetValue<string>();
        var byId = PasswordBody("ignored", "admin", OpenSmsApp.AdminPassword);
        byId["auth"]!["identity"]!["password"]!["user"]!["domain"] = new JsonObject { ["id"] = domainId };
        var without = PasswordBody("ignored", "admin", OpenSmsApp.AdminPassword);
        without["auth"]!["identity"]!["password"]!["user"]!.AsObject().Remove("domain");

        foreach (var body in new[] { byId, without })
        {
            using var response = await client.PostAsJsonAsync("/v3/auth/tokens", body, ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(domainId, (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["token"]!["domain"]!["id"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("opensms", "admin", "wrong-password", "default")]
    [InlineData("opensms", "nobody", OpenSmsApp.AdminPassword, "default")]
    [InlineData("no-such-account", "admin", OpenSmsApp.AdminPassword, "default")]
    [InlineData("opensms", "admin", OpenSmsApp.AdminPassword, "no-such-project")]
    public async Task ASignInWithWrongCredentialsOrScopeIs401APIGW0301(string account, string user, string password, string project)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/v3/auth/tokens", PasswordBody(account, user, password, project), ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
        Assert.StartsWith("Incorrect IAM authentication information:", error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Subject-Token"));
    }

    [Theory]
    [InlineData("not json", "SMS.9002")]
    [InlineData("""{"auth": "password"}""", "SMS.9002")]
    [InlineData("""{"auth": {"identity": {"methods": "password"}}}""", "SMS.9002")]
    [InlineData("""{"auth": {}}""", "SMS.9001")]
    [InlineData("""{"auth": {"identity": {"methods": ["totp"], "password": {"user": {"name": "admin", "password": "x"}}}}}""", "SMS.9001")]
    public async Task AMalformedSignInBodyIs400(string body, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/v3/auth/tokens", Api.RawJson(body), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, code, ct);
    }

    [Fact]
    public async Task ASignInBodyWithoutUserOrPasswordNamesBothFields()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/v3/auth/tokens", Api.RawJson("""{"auth":{"identity":{"methods":["password"]}}}"""), ct);

        await response.AssertInvalidAsync(ct, "auth.identity.password.user.name", "auth.identity.password.user.password");
    }

    [Fact]
    public async Task GetWithXSubjectTokenValidatesTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.AdminClientAsync(ct);
        var token = client.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/auth/tokens");
        request.Headers.Add("X-Subject-Token", token);
        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        Assert.Equal("admin", body["token"]!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteRevokesTheTokenSoItNoLongerValidatesOrAuthenticates()
    {
        var ct = TestContext.Current.CancellationToken;
        using var caller = await app.AdminClientAsync(ct);
        using var victim = await app.AdminClientAsync(ct);
        var token = victim.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();

        using var revoke = new HttpRequestMessage(HttpMethod.Delete, "/v3/auth/tokens");
        revoke.Headers.Add("X-Subject-Token", token);
        using var revoked = await caller.SendAsync(revoke, ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        using var validate = new HttpRequestMessage(HttpMethod.Get, "/v3/auth/tokens");
        validate.Headers.Add("X-Subject-Token", token);
        using var validated = await caller.SendAsync(validate, ct);
        Assert.NotEqual(HttpStatusCode.OK, validated.StatusCode);
        using var used = await victim.GetAsync("/v3/tasks", ct);
        var error = await used.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
        Assert.Contains("revoked", error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        using var stillFine = await caller.GetAsync("/v3/tasks", ct);
        Assert.Equal(HttpStatusCode.OK, stillFine.StatusCode);
    }

    [Fact]
    public async Task ATokenCanRevokeItself()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.AdminClientAsync(ct);

        using var revoke = new HttpRequestMessage(HttpMethod.Delete, "/v3/auth/tokens");
        revoke.Headers.Add("X-Subject-Token", client.DefaultRequestHeaders.GetValues("X-Auth-Token").Single());
        using var revoked = await client.SendAsync(revoke, ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        using var used = await client.GetAsync("/v3/sources", ct);
        await used.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
    }

    [Fact]
    public async Task ARevokedTokenStaysRevokedAfterARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDataDirectory();
        string token;
        using (var first = new ConfigurableApp(data.Path, OpenSmsApp.AdminPassword))
        {
            using var client = first.CreateClient();
            token = await OpenSmsApp.TokenAsync(client, "opensms", "admin", OpenSmsApp.AdminPassword, ct);
            client.DefaultRequestHeaders.Add("X-Auth-Token", token);
            using var revoke = new HttpRequestMessage(HttpMethod.Delete, "/v3/auth/tokens");
            revoke.Headers.Add("X-Subject-Token", token);
            using var revoked = await client.SendAsync(revoke, ct);
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using var second = new ConfigurableApp(data.Path, OpenSmsApp.AdminPassword);
        using var again = second.CreateClient();
        again.DefaultRequestHeaders.Add("X-Auth-Token", token);
        using var used = await again.GetAsync("/v3/tasks", ct);

        await used.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
    }

    [Fact]
    public async Task ATokenIssuedBeforeARestartStillWorksAfterIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDataDirectory();
        string token;
        using (var first = new ConfigurableApp(data.Path, OpenSmsApp.AdminPassword))
        using (var client = first.CreateClient())
            token = await OpenSmsApp.TokenAsync(client, "opensms", "admin", OpenSmsApp.AdminPassword, ct);

        using var second = new ConfigurableApp(data.Path, OpenSmsApp.AdminPassword);
        using var again = second.CreateClient();
        again.DefaultRequestHeaders.Add("X-Auth-Token", token);
        using var used = await again.GetAsync("/v3/tasks", ct);

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
    }
}
