using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Core.Tests.Signing;

namespace OpenSms.Server.Tests;

/// <summary>
/// Huawei's own Node.js SDK core signs requests with an access key against a real OpenSms on a
/// loopback port: the strongest proof of wire compatibility that runs here (reference §4.6).
/// </summary>
public sealed class HuaweiNodeSdkTests : IDisposable
{
    readonly OpenSmsApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task HuaweisNodeSdkReportsProgressAndReadsTasksWithAnAccessKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = await NodeSdk.PrepareAsync(ct);
        Assert.SkipWhen(folder is null, "node is not on PATH");
        app.UseKestrel(0);
        app.StartServer();
        var endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var admin = await app.AdminClientAsync(ct);
        var taskId = await admin.NewTaskAsync(ct);
        var key = await CreateKeyAsync(admin, ct);

        var body = Api.ProgressBody("MIGRATE_LINUX_FILE", progress: 37, replicated: 3700, total: 10000, trace: "from the Node SDK");
        body["migrate_speed"] = 88.5;
        body["agent_time"] = "2026-11-26 10:00:00";
        var (status, _) = await NodeSdk.SendAsync(folder!, endpoint, key, "PUT", $"/v3/tasks/{taskId}/progress", null, body.ToJsonString(), ct);
        Assert.Equal(200, status);

        var (listStatus, list) = await NodeSdk.SendAsync(folder!, endpoint, key, "GET", "/v3/tasks", """{"limit":10,"state":"RUNNING"}""", null, ct);
        Assert.Equal(200, listStatus);
        Assert.Equal(1, list!["count"]!.GetValue<int>());
        var task = list["tasks"]!.AsArray().Single()!;
        Assert.Equal(taskId, task["id"]!.GetValue<string>());
        Assert.Equal(37, task["sub_tasks"]!.AsArray().Single()!["progress"]!.GetValue<int>());
        Assert.Equal(88.5, task["migrate_speed"]!.GetValue<double>());

        var (stopStatus, _) = await NodeSdk.SendAsync(folder!, endpoint, key, "POST", $"/v3/tasks/{taskId}/action", null, """{"operation":"stop"}""", ct);
        Assert.Equal(200, stopStatus);
        Assert.Equal("ABORTING", (await admin.GetJsonAsync($"/v3/tasks/{taskId}", ct))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWrongSecretIsRefusedAndTheSdkSeesTheGatewayError()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = await NodeSdk.PrepareAsync(ct);
        Assert.SkipWhen(folder is null, "node is not on PATH");
        app.UseKestrel(0);
        app.StartServer();
        var endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var admin = await app.AdminClientAsync(ct);
        var key = await CreateKeyAsync(admin, ct);

        var (status, error) = await NodeSdk.SendAsync(folder!, endpoint, key with { Sk = new string('x', 40) }, "GET", "/v3/tasks", null, null, ct);

        Assert.Equal(401, status);
        Assert.Equal("APIGW.0301", error!["error_code"]!.GetValue<string>());
    }

    static async Task<(string Ak, string Sk, string ProjectId)> CreateKeyAsync(HttpClient admin, CancellationToken ct)
    {
        var users = await admin.GetJsonAsync("/v3/users", ct);
        var adminId = users["users"]!.AsArray().Single(u => u!["name"]!.GetValue<string>() == "admin")!["id"]!.GetValue<string>();
        using var created = await admin.PostAsJsonAsync("/v3.0/OS-CREDENTIAL/credentials",
            new JsonObject { ["credential"] = new JsonObject { ["user_id"] = adminId, ["description"] = "node sdk" } }, ct);
        created.EnsureSuccessStatusCode();
        var credential = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["credential"]!;
        var projects = await admin.GetJsonAsync("/v3/projects?name=default", ct);
        var projectId = projects["projects"]!.AsArray().Single()!["id"]!.GetValue<string>();
        return (credential["access"]!.GetValue<string>(), credential["secret"]!.GetValue<string>(), projectId);
    }
}
