using System.Buffers.Text;
using System.Net;
using System.Text;

namespace OpenSms.Server.Tests;

/// <summary>
/// Credentials that must stop working: expired, tampered, foreign, revoked and deleted users'
/// tokens; the AK lockout running out; a signed request replayed after the ±15 min window. Each
/// test owns a host on a clock it moves.
/// </summary>
public sealed class ClockedSecurityTests : IAsyncLifetime
{
    readonly TestClock clock = new(DateTimeOffset.UtcNow);
    readonly OpenSmsApp app;
    HttpClient admin = null!;

    public ClockedSecurityTests() => app = new OpenSmsApp { Clock = clock };

    public async ValueTask InitializeAsync() => admin = await app.AdminClientAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await app.DisposeAsync();
    }

    async Task<(TestUser User, string Token)> UserTokenAsync(CancellationToken ct)
    {
        var user = await admin.NewUserAsync(ct);
        using var client = app.CreateClient();
        return (user, await OpenSmsApp.TokenAsync(client, "opensms", user.Name, user.Password, ct));
    }

    async Task<HttpResponseMessage> WithTokenAsync(string token, CancellationToken ct)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        // Needs no policy, so only the token decides.
        return await client.GetAsync("/v3/auth/domains", ct);
    }

    static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string reason, CancellationToken ct)
    {
        var body = await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
        Assert.Equal("Incorrect IAM authentication information: " + reason, body["error_msg"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["request_id"]?.GetValue<string>()));
    }

    [Fact]
    public async Task ATokenIsRefusedOnceItsTwentyFourHoursAreOver()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, token) = await UserTokenAsync(ct);
        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        using (var stillValid = await WithTokenAsync(token, ct)) Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));

        using var response = await WithTokenAsync(token, ct);

        await AssertUnauthorizedAsync(response, "token expires", ct);
    }

    [Fact]
    public async Task ATokenWhoseClaimsWereEditedToMakeItsUserAdministratorIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, token) = await UserTokenAsync(ct);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var claims = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));
        Assert.Contains("\"a\":false", claims, StringComparison.Ordinal);
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.Replace("\"a\":false", "\"a\":true", StringComparison.Ordinal))) + token[dot..];

        using var response = await WithTokenAsync(forged, ct);

        await AssertUnauthorizedAsync(response, "verify token signature fail", ct);
    }

    [Fact]
    public async Task ATokenOfAnotherOpenSmsInstallationIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var elsewhere = new OpenSmsApp();
        using var signIn = elsewhere.CreateClient();
        // Same account and user names, same password: only the server key differs.
        var foreign = await OpenSmsApp.TokenAsync(signIn, "opensms", "admin", OpenSmsApp.AdminPassword, ct);

        using var response = await WithTokenAsync(foreign, ct);

        await AssertUnauthorizedAsync(response, "verify token signature fail", ct);
    }

    [Fact]
    public async Task ADeletedUsersTokenStopsAuthenticatingAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var (user, token) = await UserTokenAsync(ct);
        using (var before = await WithTokenAsync(token, ct)) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var deleted = await admin.DeleteAsync($"/v3/users/{user.Id}", ct)) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var response = await WithTokenAsync(token, ct);

        await AssertUnauthorizedAsync(response, "token has been revoked", ct);
    }

    [Fact]
    public async Task AnotherUsersTokensSurviveTheDeletionOfAUser()
    {
        var ct = TestContext.Current.CancellationToken;
        var (doomed, _) = await UserTokenAsync(ct);
        var (_, survivor) = await UserTokenAsync(ct);

        using (var deleted = await admin.DeleteAsync($"/v3/users/{doomed.Id}", ct)) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var response = await WithTokenAsync(survivor, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    async Task<AccessKeyPair> KeyAsync(CancellationToken ct)
    {
        var user = await admin.NewUserAsync(ct);
        var policy = await admin.NewPolicyAsync(IamApi.Allow("sms:server:listTask"), ct);
        using (var attached = await admin.AttachAsync(policy, user.Id, ct)) Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        return await admin.NewKeyAsync(user.Id, ct);
    }

    async Task<HttpResponseMessage> SignedAsync(AccessKeyPair key, CancellationToken ct)
    {
        using var client = app.CreateClient();
        using var message = SignedRequests.Request(client, HttpMethod.Get, "/v3/tasks");
        return await client.SendSignedAsync(message, key, ct, now: clock.GetUtcNow());
    }

    [Fact]
    public async Task ALockedAccessKeyWorksAgainFiveMinutesLater()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await KeyAsync(ct);
        var wrong = key with { Secret = new string('x', 40) };
        for (var i = 0; i < 5; i++) (await SignedAsync(wrong, ct)).Dispose();
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        using (var locked = await SignedAsync(key, ct)) await locked.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0302", ct);
        clock.Advance(TimeSpan.FromSeconds(1));

        using var response = await SignedAsync(key, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ASignedRequestReplayedAfterTheFifteenMinuteWindowIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await KeyAsync(ct);
        using var client = app.CreateClient();
        using var original = SignedRequests.Request(client, HttpMethod.Get, "/v3/tasks?limit=5");
        await SignedRequests.SignAsync(original, key, clock.GetUtcNow(), ct);
        HttpRequestMessage Replay()
        {
            var copy = new HttpRequestMessage(original.Method, original.RequestUri);
            foreach (var (name, values) in original.Headers) copy.Headers.TryAddWithoutValidation(name, values);
            return copy;
        }
        using (var first = Replay())
        using (var accepted = await client.SendAsync(first, ct))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        using var replayed = Replay();
        using var response = await client.SendAsync(replayed, ct);

        await AssertUnauthorizedAsync(response, "x-sdk-date expired", ct);
    }
}
