using System.Globalization;
using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>Per-caller request limits (OpenSms:RateLimits): 429 SMS.9009 with Retry-After, one bucket per token user or access key.</summary>
public sealed class RateLimitTests
{
    // Buckets refilled once an hour, so nothing refills while a test runs.
    static OpenSmsApp Limited(int burst, int progressBurst = 100, bool enabled = true) => new()
    {
        Settings = new Dictionary<string, string>
        {
            ["OpenSms:RateLimits:Enabled"] = enabled ? "true" : "false",
            ["OpenSms:RateLimits:Default:Requests"] = "1",
            ["OpenSms:RateLimits:Default:Burst"] = burst.ToString(CultureInfo.InvariantCulture),
            ["OpenSms:RateLimits:Default:Period"] = "01:00:00",
            ["OpenSms:RateLimits:Progress:Requests"] = "1",
            ["OpenSms:RateLimits:Progress:Burst"] = progressBurst.ToString(CultureInfo.InvariantCulture),
            ["OpenSms:RateLimits:Progress:Period"] = "01:00:00",
        },
    };

    static async Task AssertRateLimitedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await response.AssertErrorAsync(HttpStatusCode.TooManyRequests, "SMS.9009", ct);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task ATokenPastItsBurstGets429SMS9009WithRetryAfterAndAnotherUserDoesNot()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = Limited(burst: 3);
        using var admin = await app.AdminClientAsync(ct);
        var first = await admin.NewUserAsync(ct);
        var second = await admin.NewUserAsync(ct);
        using var limited = await app.SignedInClientAsync("opensms", first.Name, first.Password, ct);
        using var other = await app.SignedInClientAsync("opensms", second.Name, second.Password, ct);

        for (var i = 0; i < 3; i++)
        {
            using var ok = await limited.GetAsync("/v3/auth/domains", ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var refused = await limited.GetAsync("/v3/auth/domains", ct);

        await AssertRateLimitedAsync(refused, ct);
        using var unaffected = await other.GetAsync("/v3/auth/domains", ct);
        Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);
    }

    [Fact]
    public async Task AnAccessKeyHasABucketOfItsOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = Limited(burst: 3);
        using var admin = await app.AdminClientAsync(ct);
        var key = await admin.NewKeyAsync((await admin.GetJsonAsync("/v3/users", ct))["users"]![0]!["id"]!.GetValue<string>(), ct);
        using var signed = app.CreateClient();

        // The administrator's token has spent two of its three requests; the key starts with all three.
        for (var i = 0; i < 3; i++)
        {
            using var ok = await signed.SendSignedAsync(key, HttpMethod.Get, "/v3/tasks", null, ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var refused = await signed.SendSignedAsync(key, HttpMethod.Get, "/v3/tasks", null, ct);

        await AssertRateLimitedAsync(refused, ct);
        using var token = await admin.GetAsync("/v3/tasks", ct);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    [Fact]
    public async Task ProgressReportsHaveTheirOwnBucket()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = Limited(burst: 2, progressBurst: 4);
        using var admin = await app.AdminClientAsync(ct);
        var taskId = await admin.NewTaskAsync(ct);
        // Registering and creating spent the token's two requests.
        using (var spent = await admin.GetAsync("/v3/tasks", ct)) await AssertRateLimitedAsync(spent, ct);

        for (var i = 1; i <= 4; i++)
        {
            using var ok = await admin.ReportAsync(taskId, Api.ProgressBody(progress: i), ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var refused = await admin.ReportAsync(taskId, Api.ProgressBody(progress: 5), ct);

        await AssertRateLimitedAsync(refused, ct);
    }

    [Fact]
    public async Task WithRateLimitsDisabledNothingIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = Limited(burst: 1, progressBurst: 1, enabled: false);
        using var admin = await app.AdminClientAsync(ct);
        var taskId = await admin.NewTaskAsync(ct);

        for (var i = 1; i <= 5; i++)
        {
            using var read = await admin.GetAsync("/v3/tasks", ct);
            using var report = await admin.ReportAsync(taskId, Api.ProgressBody(progress: i), ct);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        }
    }

    [Theory]
    [InlineData("OpenSms:RateLimits:Default:Period", "00:00:00")]
    [InlineData("OpenSms:RateLimits:Progress:Burst", "0")]
    [InlineData("OpenSms:SignIn:Backoff", "00:00:00")]
    [InlineData("OpenSms:SignIn:MaxBackoff", "00:00:01")]
    [InlineData("OpenSms:Http:MinRequestBodyGraceSeconds", "1")]
    public void AnImpossibleLimitStopsTheServerFromStarting(string setting, string value)
    {
        var error = StartupError(setting, value);

        Assert.Contains(setting.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// What stops a server started with <paramref name="setting"/> at <paramref name="value"/>.
    /// WebApplicationFactory can lose a race with a host that fails at once: it then asks the host,
    /// already disposed, for a service and throws ObjectDisposedException instead of the host's own
    /// error (seen once under the full suite's load). Another start tells.
    /// </summary>
    static Exception StartupError(string setting, string value)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var app = new OpenSmsApp { Settings = new Dictionary<string, string> { [setting] = value } };
            var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
            if (error is not ObjectDisposedException || attempt == 5) return error;
        }
    }
}
