using System.Net;
using System.Text;

namespace OpenSms.Server.Tests.Fuzz;

/// <summary>The requests the fuzzer once answered with a 5xx or a bare status, each as a plain test.</summary>
public sealed class FuzzRegressionTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    public static TheoryData<string, string> NotObjects => new()
    {
        { "/v3/tasks/delete", "109" },
        { "/v3/sources/delete", "-1461607787944264088" },
        { "/v3/tasks/delete", "[\"a\"]" },
        { "/v3/tasks", "{\"source_server\":[\"x\"]}" },
        { "/v3/tasks", "{\"source_server\":\"x\"}" },
        { "/v3/tasks", "{\"task_info\":[1,[2],\"t\"]}" },
    };

    [Theory]
    [MemberData(nameof(NotObjects))]
    public async Task ABatchOrCreateBodyOfTheWrongShapeIsA400NotA500(string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await host.Admin.PostAsync(path, Api.RawJson(body), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public static TheoryData<string, byte[]> Unreadable => new()
    {
        { "/v3/sources/delete", [.. "{\"ids\":[\"x"u8, 0xE2, 0x82, .. "\"]}"u8] },
        { "/v3/tasks/delete", "{\"ids\":[\"a\"],\"ids\":[\"b\"]}"u8.ToArray() },
        { "/v3/sources", Encoding.UTF8.GetBytes(Api.SourceBody().ToJsonString()[..^1] + ",\"x\":\"\\udc00\\ud800\"}") },
        { "/v3/sources", Encoding.UTF8.GetBytes(Api.SourceBody().ToJsonString()[..^1] + ",\"x\":1,\"x\":2}") },
        { "/v3/sources", [.. "{\"name\":\""u8, 0xC3, .. "\"}"u8] },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task InvalidUtf8BadEscapesAndTwiceGivenFieldsAre400SMS9002(string path, byte[] body)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Admin.PostAsync(path, Json(body), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "SMS.9002", ct);
    }

    [Fact]
    public async Task ATaskBodyWithALoneSurrogateInAnUnknownFieldIs400SMS9002()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await host.Admin.RegisterSourceAsync(ct, Kit.Unique("src"));
        var json = Api.TaskBody(source, Kit.Unique("task")).ToJsonString()[..^1] + ",\"HvF8]j\":\"\\udc00\\ud800\"}";

        using var response = await host.Admin.PostAsync("/v3/tasks", Api.RawJson(json), ct);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "SMS.9002", ct);
    }

    [Theory]
    [InlineData("{\"Version\":\"5.0\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sms:server:*\"],\"Condition\":{\"StringEquals\":{\"g:EnterpriseProjectId\":[\"\\udc00\\ud800\"]}}}]}")]
    [InlineData("{\"Version\":\"5.0\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sms:server:*\"],\"\\ud800\":1}]}")]
    public async Task APolicyDocumentWithALoneSurrogateEscapeIs400SMS9001(string document)
    {
        var ct = TestContext.Current.CancellationToken;
        var body = new System.Text.Json.Nodes.JsonObject { ["policy_name"] = Kit.Unique("surrogate"), ["policy_document"] = document };

        using var response = await host.Admin.PostAsync("/v5/policies", Api.RawJson(body.ToJsonString()), ct);

        await response.AssertInvalidAsync(ct, "policy_document");
    }

    [Theory]
    [InlineData("PATCH", "/v3/users/x")]
    [InlineData("PATCH", "/v3/tasks")]
    [InlineData("PATCH", "/v3/sources/x")]
    [InlineData("PATCH", "/v3/users/%20v%3B%29yy%21%5EE%7C.j5")]
    public async Task AMethodARouteDoesNotHaveIsTheGateways404WhoeverAsks(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = host.App.CreateClient();
        foreach (var (client, signed) in new[] { (host.Admin, false), (anonymous, false), (anonymous, true) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (signed)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "SDK-HMAC-SHA256 Access=FUZZFUZZFUZZFUZZFUZZ, SignedHeaders=host;x-sdk-date, Signature=00");
                request.Headers.Add("X-Sdk-Date", "20261126T100000Z");
            }
            using var response = await client.SendAsync(request, ct);
            await response.AssertErrorAsync(HttpStatusCode.NotFound, "APIGW.0101", ct);
        }
    }
}
