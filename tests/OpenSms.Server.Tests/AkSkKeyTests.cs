using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>What makes a correctly signed request fail anyway: lockout, another account's project, a deleted key, policies.</summary>
public sealed class AkSkKeyTests(IamHost host) : IClassFixture<IamHost>
{
    static AccessKeyPair WithWrongSecret(AccessKeyPair key) => key with { Secret = new string('x', 40) };

    async Task<AccessKeyPair> KeyOfUserWithPolicyAsync(string document, CancellationToken ct)
    {
        var user = await host.NewUserAsync(ct);
        await host.GrantAsync(user, document, ct);
        return await host.Admin.NewKeyAsync(user.Id, ct);
    }

    [Fact]
    public async Task FiveConsecutiveBadSignaturesLockTheKeyEvenForACorrectSignature()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await KeyOfUserWithPolicyAsync(IamApi.Allow("sms:server:listTask"), ct);
        using var client = host.App.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var bad = await client.SendSignedAsync(WithWrongSecret(key), HttpMethod.Get, "/v3/tasks", null, ct);
            await AkSkTests.AssertUnauthorizedAsync(bad, "APIGW.0301", "verify aksk signature fail", ct);
        }

        using var response = await client.SendSignedAsync(key, HttpMethod.Get, "/v3/tasks", null, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("APIGW.0302", (await response.JsonAsync(ct))["error_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task FourBadSignaturesThenAGoodOneDoNotLockTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await KeyOfUserWithPolicyAsync(IamApi.Allow("sms:server:listTask"), ct);
        using var client = host.App.CreateClient();
        for (var i = 0; i < 4; i++)
            (await client.SendSignedAsync(WithWrongSecret(key), HttpMethod.Get, "/v3/tasks", null, ct)).Dispose();
        (await client.SendSignedAsync(key, HttpMethod.Get, "/v3/tasks", null, ct)).Dispose();
        for (var i = 0; i < 4; i++)
            (await client.SendSignedAsync(WithWrongSecret(key), HttpMethod.Get, "/v3/tasks", null, ct)).Dispose();

        using var response = await client.SendSignedAsync(key, HttpMethod.Get, "/v3/tasks", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Project-Id")]
    [InlineData("X-Domain-Id")]
    public async Task AnIdOfTheKeysOwnAccountIsAcceptedAndOneOfAnotherAccountIsUnauthorized(string header)
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await KeyOfUserWithPolicyAsync(IamApi.Allow("sms:server:listTask"), ct);
        var (otherAccount, otherAdmin) = await host.NewAccountAsync(ct);
        using var _ = otherAdmin;
        var (own, other) = header == "X-Domain-Id"
            ? (host.AccountId, otherAccount)
            : (await DefaultProjectAsync(host.Admin, ct), await DefaultProjectAsync(otherAdmin, ct));
        using var client = host.App.CreateClient();

        using var ownResponse = await SendWithAsync(client, key, header, own, ct);
        using var otherResponse = await SendWithAsync(client, key, header, other, ct);

        Assert.Equal(HttpStatusCode.OK, ownResponse.StatusCode);
        await AkSkTests.AssertUnauthorizedAsync(otherResponse, "APIGW.0301",
            "X-Project-Id or X-Domain-Id does not belong to the access key's account", ct);
    }

    static async Task<string> DefaultProjectAsync(HttpClient admin, CancellationToken ct) =>
        (await admin.GetJsonAsync("/v3/projects?name=default", ct))["projects"]![0]!["id"]!.GetValue<string>();

    static async Task<HttpResponseMessage> SendWithAsync(HttpClient client, AccessKeyPair key, string header, string value, CancellationToken ct)
    {
        using var message = SignedRequests.Request(client, HttpMethod.Get, "/v3/tasks");
        message.Headers.Add(header, value);
        return await client.SendSignedAsync(message, key, ct);
    }

    [Fact]
    public async Task ADeletedKeyIsUnauthorized()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await KeyOfUserWithPolicyAsync(IamApi.Allow("sms:server:listTask"), ct);
        using var client = host.App.CreateClient();
        using (var before = await client.SendSignedAsync(key, HttpMethod.Get, "/v3/tasks", null, ct))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var deleted = await host.Admin.DeleteAsync($"/v3.0/OS-CREDENTIAL/credentials/{key.Access}", ct))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var after = await client.SendSignedAsync(key, HttpMethod.Get, "/v3/tasks", null, ct);

        await AkSkTests.AssertUnauthorizedAsync(after, "APIGW.0301", "access key not found", ct);
    }

    [Fact]
    public async Task AKeysUserWithoutPoliciesIsDeniedProgressUntilAPolicyIsAttached()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, sourceId) = await host.NewTaskAsync(ct);
        var user = await host.NewUserAsync(ct);
        var key = await host.Admin.NewKeyAsync(user.Id, ct);
        using var client = host.App.CreateClient();
        var report = Api.ProgressBody().ToJsonString();

        using (var denied = await client.SendSignedAsync(key, HttpMethod.Put, $"/v3/tasks/{taskId}/progress", report, ct))
            await denied.AssertDeniedAsync("sms:server:updateTaskProgress", host.ServerUrn(sourceId), ct);
        await host.GrantAsync(user, IamApi.Allow("sms:server:updateTaskProgress"), ct);
        using var allowed = await client.SendSignedAsync(key, HttpMethod.Put, $"/v3/tasks/{taskId}/progress", report, ct);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}
