using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenSms.Core.Signing;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// What one instance does, the other sees: shared data through the database, and the caches of
/// revoked tokens, access keys and policies invalidated across instances by LISTEN/NOTIFY (no
/// cache here expires on its own, so only the notification can make the second instance refuse).
/// </summary>
public sealed class TwoInstanceTests : IClassFixture<TwoInstances>
{
    readonly TwoInstances cluster;

    public TwoInstanceTests(TwoInstances cluster)
    {
        Assert.SkipWhen(PostgresTestDatabase.SkipReason is not null, PostgresTestDatabase.SkipReason ?? "");
        this.cluster = cluster;
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReportAcceptedByOneInstanceIsVisibleFromTheOther()
    {
        using var a = await TwoInstances.AdminClientAsync(cluster.A, Ct);
        using var b = await TwoInstances.AdminClientAsync(cluster.B, Ct);
        var taskId = await a.NewTaskAsync(Ct, "cross-" + Guid.NewGuid().ToString("N")[..8]);

        await a.ReportOkAsync(taskId, Api.ProgressBody(progress: 33, replicated: 330, trace: "reported to A"), Ct);

        var task = await b.ShowTaskAsync(taskId, Ct);
        Assert.Equal("RUNNING", task["state"]!.GetValue<string>());
        var subtask = task["sub_tasks"]!.AsArray().Single()!;
        Assert.Equal((33, "reported to A"), (subtask["progress"]!.GetValue<int>(), subtask["process_trace"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ATokenRevokedOnOneInstanceIsRefusedByTheOther()
    {
        using var a = await TwoInstances.AdminClientAsync(cluster.A, Ct);
        using var b = TwoInstances.Client(cluster.B);
        var token = a.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();
        b.DefaultRequestHeaders.Add("X-Auth-Token", token);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, "/v3/tasks"));

        using var revoke = new HttpRequestMessage(HttpMethod.Delete, "/v3/auth/tokens");
        revoke.Headers.Add("X-Subject-Token", token);
        using var revoked = await a.SendAsync(revoke, Ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await EventuallyAsync(() => StatusAsync(b, "/v3/tasks"), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task ADeletedUsersTokenIsRefusedByTheOtherInstance()
    {
        using var a = await TwoInstances.AdminClientAsync(cluster.A, Ct);
        var user = await a.NewUserAsync(Ct);
        using var b = TwoInstances.Client(cluster.B);
        using (var signIn = TwoInstances.Client(cluster.B))
            b.DefaultRequestHeaders.Add("X-Auth-Token", await OpenSmsApp.TokenAsync(signIn, "opensms", user.Name, user.Password, Ct));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, "/v3/auth/domains"));

        using var deleted = await a.DeleteAsync($"/v3/users/{user.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await EventuallyAsync(() => StatusAsync(b, "/v3/auth/domains"), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task AnAccessKeyDeletedOnOneInstanceIsRefusedByTheOther()
    {
        using var a = await TwoInstances.AdminClientAsync(cluster.A, Ct);
        var users = await a.GetJsonAsync("/v3/users", Ct);
        var adminId = users["users"]!.AsArray().Single(u => u!["name"]!.GetValue<string>() == "admin")!["id"]!.GetValue<string>();
        var credential = await PostAsync(a, "/v3.0/OS-CREDENTIAL/credentials", new JsonObject { ["credential"] = new JsonObject { ["user_id"] = adminId } });
        var (ak, sk) = (credential["credential"]!["access"]!.GetValue<string>(), credential["credential"]!["secret"]!.GetValue<string>());
        // The first signed call on B caches the key there.
        Assert.Equal(HttpStatusCode.OK, await SignedStatusAsync(cluster.B, ak, sk));

        using var deleted = await a.DeleteAsync($"/v3.0/OS-CREDENTIAL/credentials/{ak}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await EventuallyAsync(() => SignedStatusAsync(cluster.B, ak, sk), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task APolicyDetachedOnOneInstanceNoLongerAllowsOnTheOther()
    {
        using var a = await TwoInstances.AdminClientAsync(cluster.A, Ct);
        var name = "lister-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Lister-pass-1";
        var userId = (await PostAsync(a, "/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = name, ["password"] = password } }))["user"]!["id"]!.GetValue<string>();
        var policyId = (await PostAsync(a, "/v5/policies", new JsonObject
        {
            ["policy_name"] = name,
            ["policy_document"] = """{"Version": "5.0", "Statement": [{"Effect": "Allow", "Action": ["sms:server:listTask"]}]}""",
        }))["policy"]!["policy_id"]!.GetValue<string>();
        await PostAsync(a, $"/v5/policies/{policyId}/attach-user", new JsonObject { ["user_id"] = userId });
        using var b = TwoInstances.Client(cluster.B);
        b.DefaultRequestHeaders.Add("X-Auth-Token", await OpenSmsApp.TokenAsync(b, "opensms", name, password, Ct));
        // The first call on B caches the user's policies there.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, "/v3/tasks"));

        await PostAsync(a, $"/v5/policies/{policyId}/detach-user", new JsonObject { ["user_id"] = userId });

        Assert.Equal(HttpStatusCode.Forbidden, await EventuallyAsync(() => StatusAsync(b, "/v3/tasks"), HttpStatusCode.Forbidden));
    }

    static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        return response.StatusCode;
    }

    static async Task<JsonObject> PostAsync(HttpClient client, string path, JsonObject body)
    {
        using var response = await client.PostAsJsonAsync(path, body, Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    /// <summary>A GET /v3/tasks signed with the key the way Huawei's SDKs sign it.</summary>
    static async Task<HttpStatusCode> SignedStatusAsync(ServerProcess server, string ak, string sk)
    {
        var signing = new SigningRequest { Method = "GET", Path = "/v3/tasks" };
        signing.Headers["Host"] = server.Address.Authority;
        new SdkSigner(ak, sk).Sign(signing, DateTimeOffset.UtcNow);
        using var client = TwoInstances.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/tasks");
        request.Headers.TryAddWithoutValidation(SdkHmacSha256.DateHeader, signing.Headers[SdkHmacSha256.DateHeader]);
        request.Headers.TryAddWithoutValidation(SdkHmacSha256.AuthorizationHeaderName, signing.Headers[SdkHmacSha256.AuthorizationHeaderName]);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    /// <summary>A notification crosses instances in milliseconds, but not synchronously: ask again for a while.</summary>
    static async Task<HttpStatusCode> EventuallyAsync(Func<Task<HttpStatusCode>> probe, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var status = await probe();
        while (status != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
            status = await probe();
        }
        return status;
    }
}
