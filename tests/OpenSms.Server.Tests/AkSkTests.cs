using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>Requests signed with an access key (SDK-HMAC-SHA256) by a client using our own signer.</summary>
public sealed class AkSkTests(IamHost host) : IClassFixture<IamHost>
{
    const string ReportAction = "sms:server:updateTaskProgress";

    /// <summary>A user allowed to report progress, with an access key of its own.</summary>
    async Task<AccessKeyPair> ReporterKeyAsync(CancellationToken ct)
    {
        var user = await host.NewUserAsync(ct);
        await host.GrantAsync(user, IamApi.Allow(ReportAction + ",sms:server:listTask"), ct);
        return await host.Admin.NewKeyAsync(user.Id, ct);
    }

    static string Report(int progress = 10) => Api.ProgressBody(progress: progress).ToJsonString();

    [Fact]
    public async Task ASignedProgressReportOfAUserWithAKeyAndAPolicyIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, _) = await host.NewTaskAsync(ct);
        var key = await ReporterKeyAsync(ct);
        using var client = host.App.CreateClient();

        using var response = await client.SendSignedAsync(key, HttpMethod.Put, $"/v3/tasks/{taskId}/progress", Report(42), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = await host.Admin.ShowTaskAsync(taskId, ct);
        Assert.Equal(42, task["sub_tasks"]!.AsArray().Single()!["progress"]!.GetValue<int>());
    }

    [Fact]
    public async Task ASignedGetWithAQueryIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await ReporterKeyAsync(ct);
        using var client = host.App.CreateClient();

        using var response = await client.SendSignedAsync(key, HttpMethod.Get, "/v3/tasks?limit=10&offset=0", null, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ARequestSignedWithAnUnsignedPayloadIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, _) = await host.NewTaskAsync(ct);
        var key = await ReporterKeyAsync(ct);
        using var client = host.App.CreateClient();
        using var message = SignedRequests.Request(client, HttpMethod.Put, $"/v3/tasks/{taskId}/progress", Report(7));
        message.Headers.Add("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD");

        using var response = await client.SendSignedAsync(message, key, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> Tamperings => ["header", "body", "path", "query", "date"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task ARequestChangedAfterSigningIsUnauthorizedAndChangesNothing(string changed)
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, _) = await host.NewTaskAsync(ct);
        var (otherTaskId, _) = await host.NewTaskAsync(ct);
        var key = await ReporterKeyAsync(ct);
        using var client = host.App.CreateClient();
        var path = $"/v3/tasks/{taskId}/progress" + (changed == "query" ? "?trace=1" : "");
        using var message = SignedRequests.Request(client, HttpMethod.Put, path, Report(10));
        message.Headers.Add("X-Agent-Name", "agent-1");

        using var response = await client.SendSignedAsync(message, key, ct, m =>
        {
            switch (changed)
            {
                case "header": m.Headers.Remove("X-Agent-Name"); m.Headers.Add("X-Agent-Name", "agent-2"); break;
                case "body": m.Content = SignedRequests.JsonContent(Report(99)); break;
                case "path": m.RequestUri = new Uri(client.BaseAddress!, $"/v3/tasks/{otherTaskId}/progress"); break;
                case "query": m.RequestUri = new Uri(client.BaseAddress!, $"/v3/tasks/{taskId}/progress?trace=2"); break;
                case "date":
                    var signed = m.Headers.GetValues("X-Sdk-Date").Single();
                    m.Headers.Remove("X-Sdk-Date");
                    m.Headers.Add("X-Sdk-Date", signed[..^2] + (signed[^2] == '0' ? "1" : "0") + "Z");
                    break;
            }
        });

        await AssertUnauthorizedAsync(response, "APIGW.0301", "verify aksk signature fail", ct);
        foreach (var id in new[] { taskId, otherTaskId })
            Assert.Equal("READY", (await host.Admin.ShowTaskAsync(id, ct))["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    public async Task ARequestSignedOutsideFifteenMinutesOfTheServersClockIsUnauthorized(int minutes)
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, _) = await host.NewTaskAsync(ct);
        var key = await ReporterKeyAsync(ct);
        using var client = host.App.CreateClient();
        using var message = SignedRequests.Request(client, HttpMethod.Put, $"/v3/tasks/{taskId}/progress", Report());

        using var response = await client.SendSignedAsync(message, key, ct, now: DateTimeOffset.UtcNow.AddMinutes(minutes));

        await AssertUnauthorizedAsync(response, "APIGW.0301", "x-sdk-date expired", ct);
    }

    [Fact]
    public async Task ARequestSignedFourteenMinutesAgoIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, _) = await host.NewTaskAsync(ct);
        var key = await ReporterKeyAsync(ct);
        using var client = host.App.CreateClient();
        using var message = SignedRequests.Request(client, HttpMethod.Put, $"/v3/tasks/{taskId}/progress", Report());

        using var response = await client.SendSignedAsync(message, key, ct, now: DateTimeOffset.UtcNow.AddMinutes(-14));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string code, string reason, CancellationToken ct)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.JsonAsync(ct);
        Assert.Equal(code, body["error_code"]!.GetValue<string>());
        Assert.Equal("Incorrect IAM authentication information: " + reason, body["error_msg"]!.GetValue<string>());
    }
}
