using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OpenSms.Server.Tests;

/// <summary>The console's cookie session: its flags, CSRF on cookie-authenticated writes, sign-out, and the files it serves.</summary>
public sealed class ConsoleSessionTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    static JsonObject SignInBody(string password = OpenSmsApp.AdminPassword) => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = "admin", ["password"] = password, ["domain"] = new JsonObject { ["name"] = "opensms" } } },
            },
        },
    };

    HttpClient Browser(string scheme = "http") =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"{scheme}://localhost"), HandleCookies = true });

    static async Task<string> SignInAsync(HttpClient browser, CancellationToken ct)
    {
        using var response = await browser.PostAsJsonAsync("/console/session", SignInBody(), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["csrf_token"]!.GetValue<string>();
    }

    static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    [Fact]
    public async Task SigningInSetsAnHttpOnlyStrictSessionCookieAndAReadableCsrfCookieButNoTokenHeader()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser();
        using var response = await browser.PostAsJsonAsync("/console/session", SignInBody(), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Subject-Token"));
        var session = Cookie(response, "opensms_session").ToLowerInvariant();
        Assert.Contains("httponly", session, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", session, StringComparison.Ordinal);
        Assert.Contains("path=/", session, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", session, StringComparison.Ordinal);
        var csrf = Cookie(response, "opensms_csrf").ToLowerInvariant();
        Assert.DoesNotContain("httponly", csrf, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", csrf, StringComparison.Ordinal);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        Assert.Equal("admin", body!["user"]!["name"]!.GetValue<string>());
        Assert.True(body["is_admin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task OverHttpsBothCookiesAreSecure()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser("https");
        using var response = await browser.PostAsJsonAsync("/console/session", SignInBody(), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("secure", Cookie(response, "opensms_session").ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains("secure", Cookie(response, "opensms_csrf").ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordAnswersAsTheTokenEndpointDoesAndSetsNoCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser();
        using var response = await browser.PostAsJsonAsync("/console/session", SignInBody("not-the-password"), ct);
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TheCookieAuthenticatesReadsOfTheApiWithoutACsrfToken()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser();
        await SignInAsync(browser, ct);
        using var tasks = await browser.GetAsync("/v3/tasks", ct);
        Assert.Equal(HttpStatusCode.OK, tasks.StatusCode);
        using var session = await browser.GetAsync("/console/session", ct);
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
    }

    public static TheoryData<string?, HttpStatusCode> CsrfCases => new()
    {
        { null, HttpStatusCode.Forbidden },
        { "", HttpStatusCode.Forbidden },
        { "not-the-value", HttpStatusCode.Forbidden },
        { "<the session's>", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(CsrfCases))]
    public async Task AWriteAuthenticatedByTheCookieNeedsTheSessionsCsrfToken(string? sent, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);
        var taskId = await admin.NewTaskAsync(ct, Kit.Unique("csrf"));
        using var browser = Browser();
        var csrf = await SignInAsync(browser, ct);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/tasks/{taskId}/action") { Content = JsonContent.Create(new JsonObject { ["operation"] = "stop" }) };
        if (sent is not null) request.Headers.Add("X-CSRF-Token", sent == "<the session's>" ? csrf : sent);
        using var response = await browser.SendAsync(request, ct);

        if (expected == HttpStatusCode.Forbidden)
        {
            var error = await response.AssertErrorAsync(HttpStatusCode.Forbidden, "SMS.9004", ct);
            Assert.Contains("CSRF", error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("READY", await admin.StateAsync(taskId, ct));
        }
        else
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("ABORT", await admin.StateAsync(taskId, ct));
        }
    }

    [Fact]
    public async Task ATokenInTheHeaderNeedsNoCsrfTokenEvenBesideASessionCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await app.AdminClientAsync(ct);
        var taskId = await admin.NewTaskAsync(ct, Kit.Unique("header"));
        using var browser = Browser();
        await SignInAsync(browser, ct);
        browser.DefaultRequestHeaders.Add("X-Auth-Token", admin.DefaultRequestHeaders.GetValues("X-Auth-Token").Single());
        using var response = await browser.ActAsync(taskId, "stop", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SigningOutRevokesTheTokenAndClearsBothCookies()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser();
        var csrf = await SignInAsync(browser, ct);
        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/console/session");
        signOut.Headers.Add("X-CSRF-Token", csrf);
        using var response = await browser.SendAsync(signOut, ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains("expires=thu, 01 jan 1970", Cookie(response, "opensms_session").ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains("expires=thu, 01 jan 1970", Cookie(response, "opensms_csrf").ToLowerInvariant(), StringComparison.Ordinal);
        using var after = await browser.GetAsync("/v3/tasks", ct);
        await after.AssertErrorAsync(HttpStatusCode.Unauthorized, "APIGW.0301", ct);
    }

    [Theory]
    [InlineData("/console/", "text/html")]
    [InlineData("/console/js/app.js", "text/javascript")]
    [InlineData("/console/console.css", "text/css")]
    [InlineData("/console/vendor/uplot/uPlot.iife.min.js", "text/javascript")]
    public async Task TheConsolesFilesAreServedWithAStrictContentSecurityPolicy(string path, string type)
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = Browser();
        using var response = await browser.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task TheConsoleWithoutItsSlashRedirectsAndAnUnknownFileIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var bare = await browser.GetAsync("/console", ct);
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/console/", bare.Headers.Location!.OriginalString);
        using var missing = await browser.GetAsync("/console/nothing-here.js", ct);
        await missing.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }
}
