using System.Globalization;
using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>Password guessing is slowed per user (OpenSms:SignIn): after five failures even the right password is refused for a while.</summary>
public sealed class SignInBackoffTests : IAsyncLifetime
{
    readonly TestClock clock = new(DateTimeOffset.UtcNow);
    readonly OpenSmsApp app;
    HttpClient admin = null!;

    public SignInBackoffTests() => app = new OpenSmsApp { Clock = clock };

    public async ValueTask InitializeAsync() => admin = await app.AdminClientAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await app.DisposeAsync();
    }

    async Task FailAsync(TestUser user, int times, CancellationToken ct)
    {
        using var client = app.CreateClient();
        for (var i = 0; i < times; i++)
        {
            using var wrong = await client.SignInAsync("opensms", user.Name, "Wrong-pass-1", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
    }

    async Task<HttpResponseMessage> SignInAsync(TestUser user, CancellationToken ct)
    {
        using var client = app.CreateClient();
        return await client.SignInAsync("opensms", user.Name, user.Password, ct);
    }

    static async Task<int> AssertRefusedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await response.AssertErrorAsync(HttpStatusCode.TooManyRequests, "SMS.9009", ct);
        return int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task AfterFiveFailuresEvenTheRightPasswordIsRefusedWith429AndRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await admin.NewUserAsync(ct);
        await FailAsync(user, 5, ct);

        using var refused = await SignInAsync(user, ct);

        Assert.Equal(30, await AssertRefusedAsync(refused, ct));
    }

    [Fact]
    public async Task AnotherUserOfTheAccountStillSignsIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var guessed = await admin.NewUserAsync(ct);
        var other = await admin.NewUserAsync(ct);
        await FailAsync(guessed, 5, ct);

        using var response = await SignInAsync(other, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task TheRefusalEndsAndTheNextFailureStartsALongerOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await admin.NewUserAsync(ct);
        await FailAsync(user, 5, ct);
        clock.Advance(TimeSpan.FromSeconds(29));
        using (var still = await SignInAsync(user, ct)) Assert.Equal(1, await AssertRefusedAsync(still, ct));
        clock.Advance(TimeSpan.FromSeconds(1));

        await FailAsync(user, 1, ct);
        using var longer = await SignInAsync(user, ct);

        Assert.Equal(60, await AssertRefusedAsync(longer, ct));
        clock.Advance(TimeSpan.FromSeconds(60));
        using var after = await SignInAsync(user, ct);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    [Fact]
    public async Task ASuccessfulSignInResetsTheCount()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await admin.NewUserAsync(ct);
        await FailAsync(user, 4, ct);
        using (var ok = await SignInAsync(user, ct)) Assert.Equal(HttpStatusCode.Created, ok.StatusCode);

        await FailAsync(user, 4, ct);
        using var response = await SignInAsync(user, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownUserNameIsBackedOffLikeARealOneSoRefusalsDoNotRevealWhichNamesExist()
    {
        var ct = TestContext.Current.CancellationToken;
        var nobody = new TestUser("", IamHost.UniqueName("nobody"), "Wrong-pass-1");
        await FailAsync(nobody, 5, ct);

        using var response = await SignInAsync(nobody, ct);

        await AssertRefusedAsync(response, ct);
    }
}
