using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Server.Auth;

namespace OpenSms.Server.Tests;

/// <summary>GET /v3/opensms/audit: state-changing calls with who, what, on which resource, the decision and the status.</summary>
public sealed class AuditTests(IamHost host) : IClassFixture<IamHost>
{
    async Task<List<JsonNode>> EntriesAsync(HttpClient client, string resource, CancellationToken ct)
    {
        // Entries are stored off the request path; the last call's may still be queued.
        await host.App.Services.GetRequiredService<AuditLog>().FlushAsync(ct);
        var audit = await client.GetJsonAsync("/v3/opensms/audit?limit=1000", ct);
        return audit["audit"]!.AsArray().Where(e => e!["resource"]?.GetValue<string>() == resource).Select(e => e!).ToList();
    }

    static JsonNode Single(List<JsonNode> entries, string action, string decision) =>
        Assert.Single(entries, e => e["action"]!.GetValue<string>() == action && e["decision"]!.GetValue<string>() == decision);

    [Fact]
    public async Task TheAdministratorSeesTaskCreationActionsAndDeniedProgressWithWhoWhatDecisionAndStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, sourceId) = await host.NewTaskAsync(ct);
        await host.Admin.ActOnTaskAsync(taskId, "start", ct);
        var (user, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        (await client.ReportAsync(taskId, Api.ProgressBody(), ct)).Dispose();

        var entries = await EntriesAsync(host.Admin, host.ServerUrn(sourceId), ct);

        var created = Single(entries, "sms:server:createTask", "allow");
        Assert.Equal("admin", created["user_name"]!.GetValue<string>());
        Assert.Equal("POST", created["method"]!.GetValue<string>());
        Assert.Equal("/v3/tasks", created["path"]!.GetValue<string>());
        Assert.Equal(200, created["status"]!.GetValue<int>());
        var started = Single(entries, "sms:server:manageTask", "allow");
        Assert.Equal($"/v3/tasks/{taskId}/action", started["path"]!.GetValue<string>());
        var denied = Single(entries, "sms:server:updateTaskProgress", "deny");
        Assert.Equal(user.Id, denied["user_id"]!.GetValue<string>());
        Assert.Equal(user.Name, denied["user_name"]!.GetValue<string>());
        Assert.Equal(403, denied["status"]!.GetValue<int>());
        Assert.All(entries, e => Assert.True(e["time"]!.GetValue<long>() > 0));
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e["request_id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task AllowedProgressReportsAndReadsAreNotAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, sourceId) = await host.NewTaskAsync(ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 5), ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 6), ct);
        await host.Admin.ShowTaskAsync(taskId, ct);

        var entries = await EntriesAsync(host.Admin, host.ServerUrn(sourceId), ct);

        Assert.Equal(["sms:server:createTask"], entries.Select(e => e["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ASignedCallIsAuditedWithItsAccessKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, sourceId) = await host.NewTaskAsync(ct);
        var user = await host.NewUserAsync(ct);
        await host.GrantAsync(user, IamApi.Allow("sms:server:manageTask"), ct);
        var key = await host.Admin.NewKeyAsync(user.Id, ct);
        using var client = host.App.CreateClient();

        using var started = await client.SendSignedAsync(key, HttpMethod.Post, $"/v3/tasks/{taskId}/action", """{"operation":"start"}""", ct);

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var entry = Single(await EntriesAsync(host.Admin, host.ServerUrn(sourceId), ct), "sms:server:manageTask", "allow");
        Assert.Equal(key.Access, entry["access_key"]!.GetValue<string>());
        Assert.Equal(user.Id, entry["user_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AUserWithoutPermissionCannotReadTheAuditLog()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;

        using var response = await client.GetAsync("/v3/opensms/audit", ct);

        await response.AssertDeniedAsync("opensms:audit:list", "*", ct);
    }

    [Fact]
    public async Task AnotherAccountsAuditLogHoldsNoneOfOurEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, sourceId) = await host.NewTaskAsync(ct);
        var (_, other) = await host.NewAccountAsync(ct);
        using var _ = other;

        Assert.Empty(await EntriesAsync(other, host.ServerUrn(sourceId), ct));
        Assert.NotEmpty(await EntriesAsync(host.Admin, host.ServerUrn(sourceId), ct));
    }
}
