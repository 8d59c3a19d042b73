using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>What every request meets before an endpoint: authentication, request ids, routing, body limits.</summary>
public sealed class GatewayTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    public static TheoryData<string, string> SmsEndpoints => new()
    {
        { "GET", "/v3/tasks" },
        { "POST", "/v3/tasks" },
        { "POST", "/v3/tasks/delete" },
        { "GET", "/v3/tasks/t1" },
        { "PUT", "/v3/tasks/t1" },
        { "DELETE", "/v3/tasks/t1" },
        { "POST", "/v3/tasks/t1/action" },
        { "PUT", "/v3/tasks/t1/progress" },
        { "GET", "/v3/sources" },
        { "POST", "/v3/sources" },
        { "POST", "/v3/sources/delete" },
        { "GET", "/v3/sources/s1" },
        { "DELETE", "/v3/sources/s1" },
        { "GET", "/v3/sources/s1/command" },
        { "POST", "/v3/sources/s1/command_result" },
        { "GET", "/v3/opensms/accounts" },
        { "POST", "/v3/opensms/accounts" },
        { "DELETE", "/v3/opensms/accounts/a1" },
        { "GET", "/v3/auth/tokens" },
        { "DELETE", "/v3/auth/tokens" },
    };

    static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT") request.Content = Api.RawJson("{}");
        return request;
    }

    [Theory]
    [MemberData(nameof(SmsEndpoints))]
    public async Task ACallWithoutATokenIs401APIGW0301EchoingTheRequestId(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();

        using var request = Request(method, path);
        using var response = await client.SendAsync(request, ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Equal(requestId, error["request_id"]!.GetValue<string>());
        Assert.Equal("Incorrect IAM authentication information: x-auth-token not found", error["error_msg"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("garbage", "decrypt token fail")]
    [InlineData("e30.AAAA", "verify token signature fail")]
    public async Task AMalformedOrForgedTokenIs401SayingWhy(string token, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);

        using var response = await client.GetAsync("/v3/tasks", ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
        Assert.EndsWith(reason, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenFromAnotherServerIsRejected()
    {
        var ct = TestContext.Current.CancellationToken;
        using var other = new OpenSmsApp();
        using var otherClient = await other.AdminClientAsync(ct);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", otherClient.DefaultRequestHeaders.GetValues("X-Auth-Token").Single());

        using var response = await client.GetAsync("/v3/tasks", ct);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthChecksAnswer200WithoutAuthentication(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Request-Id"));
    }

    [Theory]
    [InlineData("GET", "/v3/no-such-thing")]
    [InlineData("GET", "/v2/tasks")]
    [InlineData("POST", "/v3/tasks/t1/no-such-action")]
    public async Task AnUnknownRouteIs404APIGW0101(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = app.CreateClient();
        using var admin = await app.AdminClientAsync(ct);

        foreach (var client in new[] { anonymous, admin })
        {
            using var request = Request(method, path);
            using var response = await client.SendAsync(request, ct);
            var error = await response.AssertErrorAsync(HttpStatusCode.NotFound, "APIGW.0101", ct);
            Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), error["request_id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task EveryResponseCarriesItsOwnRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.AdminClientAsync(ct);
        using var anonymous = app.CreateClient();

        var responses = new List<HttpResponseMessage>
        {
            await client.GetAsync("/v3/tasks", ct),
            await client.GetAsync("/v3/tasks/no-such-task", ct),
            await client.PostAsync("/v3/tasks", Api.RawJson("{}"), ct),
            await client.PostAsync("/v3/tasks", Api.RawJson("{"), ct),
            await anonymous.GetAsync("/v3/tasks", ct),
            await anonymous.GetAsync("/healthz", ct),
            await anonymous.GetAsync("/nowhere", ct),
        };
        try
        {
            Assert.Equal(
                [HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest,
                 HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.NotFound],
                responses.Select(r => r.StatusCode));
            var ids = responses.Select(r => r.Headers.GetValues("X-Request-Id").Single()).ToList();
            Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
        finally
        {
            responses.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task AJsonBodyWithAnotherContentTypeIs415()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.AdminClientAsync(ct);

        using var response = await client.PostAsync("/v3/sources", Api.RawJson(Api.SourceBody().ToJsonString(), "text/plain"), ct);

        await response.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "SMS.2006", ct);
    }

    [Fact]
    public async Task ABodyOver64KiBIs413()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.AdminClientAsync(ct);
        var body = Api.SourceBody();
        body["hostname"] = new string('h', 65 * 1024);

        using var response = await client.PostAsJsonAsync("/v3/sources", body, ct);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "SMS.2004", ct);
    }

    [Fact]
    public async Task AFieldOfTheWrongJsonTypeIs400SMS9002NamingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.AdminClientAsync(ct);
        var body = Api.SourceBody();
        body["cpu_quantity"] = "four";

        using var response = await client.PostAsJsonAsync("/v3/sources", body, ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "SMS.9002", ct);
        Assert.Equal(["cpu_quantity"], error["error_param"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task UnknownRequestFieldsAreIgnored()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.AdminClientAsync(ct);
        var body = Api.SourceBody(Kit.Unique("src"));
        body["some_future_field"] = new JsonObject { ["nested"] = true };

        using var response = await client.PostAsJsonAsync("/v3/sources", body, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
