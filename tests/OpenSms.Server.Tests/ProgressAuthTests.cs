using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>A progress report without valid credentials gets the API gateway's 401 and changes nothing.</summary>
public sealed class ProgressAuthTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    [Fact]
    public async Task AReportWithoutATokenIsUnauthorized()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        using var anonymous = host.App.CreateClient();

        using var response = await anonymous.ReportAsync(taskId, Api.ProgressBody(), ct);

        await AssertUnauthorizedAsync(response, "x-auth-token not found", ct);
        await AssertUntouchedAsync(taskId, ct);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("not.a-token")]
    [InlineData(".")]
    [InlineData("eyJ0IjoiMSJ9.")]
    public async Task AReportWithAGarbageTokenIsUnauthorized(string token)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        using var client = ClientWithToken(token);

        using var response = await client.ReportAsync(taskId, Api.ProgressBody(), ct);

        await AssertUnauthorizedAsync(response, null, ct);
        await AssertUntouchedAsync(taskId, ct);
    }

    [Fact]
    public async Task AReportWithATamperedSignatureIsUnauthorized()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        using var signIn = host.App.CreateClient();
        var token = await OpenSmsApp.TokenAsync(signIn, "opensms", "admin", OpenSmsApp.AdminPassword, ct);
        // Change the first character of the signature: every bit of it counts (the last one may carry padding bits).
        var at = token.IndexOf('.', StringComparison.Ordinal) + 1;
        var tampered = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
        using var client = ClientWithToken(tampered);

        using var response = await client.ReportAsync(taskId, Api.ProgressBody(), ct);

        await AssertUnauthorizedAsync(response, "signature", ct);
        await AssertUntouchedAsync(taskId, ct);
    }

    [Fact]
    public async Task AReportWithARevokedTokenIsUnauthorized()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        using var client = await host.App.AdminClientAsync(ct);
        await client.ReportOkAsync(taskId, Api.ProgressBody(progress: 5), ct);
        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, "/v3/auth/tokens"))
        {
            revoke.Headers.Add("X-Subject-Token", client.DefaultRequestHeaders.GetValues("X-Auth-Token").Single());
            using var revoked = await client.SendAsync(revoke, ct);
            Assert.True(revoked.IsSuccessStatusCode, $"revoking the token answered {revoked.StatusCode}");
        }

        using var response = await client.ReportAsync(taskId, Api.ProgressBody(progress: 6), ct);

        await AssertUnauthorizedAsync(response, "revoked", ct);
        Assert.Equal(5, (await host.SamplesAsync(taskId, ct)).Single().Progress);
    }

    HttpClient ClientWithToken(string token)
    {
        var client = host.App.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Auth-Token", token);
        return client;
    }

    static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string? reason, CancellationToken ct)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.ErrorAsync(ct);
        Assert.Equal("APIGW.0301", body["error_code"]!.GetValue<string>());
        var message = body["error_msg"]!.GetValue<string>();
        Assert.StartsWith("Incorrect IAM authentication information:", message, StringComparison.Ordinal);
        if (reason is not null) Assert.Contains(reason, message, StringComparison.Ordinal);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.False(string.IsNullOrEmpty(requestId));
        Assert.Equal(requestId, body["request_id"]!.GetValue<string>());
    }

    async Task AssertUntouchedAsync(string taskId, CancellationToken ct)
    {
        Assert.Equal("READY", (await host.Admin.ShowTaskAsync(taskId, ct))["state"]!.GetValue<string>());
        Assert.Empty(await host.SamplesAsync(taskId, ct));
    }
}
