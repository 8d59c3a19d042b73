using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>A source and the task migrating it.</summary>
public sealed record Migration(string SourceId, string TaskId);

/// <summary>Helpers for the resource tests, on top of <see cref="Api"/>.</summary>
public static class Kit
{
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// A client signed in as the administrator of a new account of its own: its lists start empty,
    /// so a test sharing a host with others still owns all of its data.
    /// </summary>
    public static async Task<HttpClient> TenantClientAsync(this OpenSmsApp app, CancellationToken ct)
    {
        var name = Unique("tenant");
        using (var admin = app.CreateClient())
        {
            admin.DefaultRequestHeaders.Add("X-Auth-Token", await OperatorTokenAsync(app, admin, ct));
            using var created = await admin.PostAsJsonAsync("/v3/opensms/accounts", new JsonObject { ["name"] = name, ["admin_password"] = "Tenant-pass-1" }, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        return await app.SignedInClientAsync(name, "admin", "Tenant-pass-1", ct);
    }

    // Password hashing is deliberately slow; one operator sign-in per host is enough for setting up tenants.
    static readonly ConditionalWeakTable<OpenSmsApp, Task<string>> OperatorTokens = new();

    static Task<string> OperatorTokenAsync(OpenSmsApp app, HttpClient client, CancellationToken ct) =>
        OperatorTokens.GetValue(app, _ => OpenSmsApp.TokenAsync(client, "opensms", "admin", OpenSmsApp.AdminPassword, ct));

    public static async Task<JsonObject> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var error = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(code, error["error_code"]!.GetValue<string>());
        return error;
    }

    /// <summary>Asserts a 400 SMS.9001 whose error_param lists exactly <paramref name="fields"/>.</summary>
    public static async Task AssertInvalidAsync(this HttpResponseMessage response, CancellationToken ct, params string[] fields)
    {
        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        var listed = error["error_param"]!.AsArray().Select(p => p!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(fields.Order(StringComparer.Ordinal), listed);
        foreach (var field in fields) Assert.Contains(field, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public static async Task<string> RegisterAsync(this HttpClient client, JsonObject body, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/v3/sources", body, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
    }

    public static async Task<string> CreateAsync(this HttpClient client, JsonObject body, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/v3/tasks", body, ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
    }

    public static async Task<Migration> NewMigrationAsync(this HttpClient client, CancellationToken ct, bool needMigrationTest = false)
    {
        var sourceId = await client.RegisterAsync(Api.SourceBody(Unique("src")), ct);
        var body = Api.TaskBody(sourceId, Unique("task"));
        if (needMigrationTest) body["need_migration_test"] = true;
        return new Migration(sourceId, await client.CreateAsync(body, ct));
    }

    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, string taskId, string operation, CancellationToken ct) =>
        client.PostAsJsonAsync($"/v3/tasks/{taskId}/action", new JsonObject { ["operation"] = operation }, ct);

    public static Task<HttpResponseMessage> AcknowledgeAsync(this HttpClient client, string sourceId, string command, string result, CancellationToken ct) =>
        client.PostAsJsonAsync($"/v3/sources/{sourceId}/command_result", new JsonObject { ["command_name"] = command, ["result"] = result }, ct);

    public static async Task<string> StateAsync(this HttpClient client, string taskId, CancellationToken ct) =>
        (await client.GetJsonAsync($"/v3/tasks/{taskId}", ct))["state"]!.GetValue<string>();

    public static async Task<string> CommandAsync(this HttpClient client, string sourceId, CancellationToken ct) =>
        (await client.GetJsonAsync($"/v3/sources/{sourceId}/command", ct))["command_name"]!.GetValue<string>();

    /// <summary>A new migration driven through the public API (actions, reports, acknowledgements) into <paramref name="state"/>.</summary>
    public static async Task<Migration> MigrationInStateAsync(this HttpClient client, string state, CancellationToken ct, bool needMigrationTest = false)
    {
        var m = await client.NewMigrationAsync(ct, needMigrationTest);
        switch (state)
        {
            case "READY":
                break;
            case "RUNNING":
                await OkAsync(client.ActAsync(m.TaskId, "start", ct), ct);
                break;
            case "SYNCING":
                await OkAsync(client.ReportAsync(m.TaskId, Api.ProgressBody("SYNC_LINUX_FILE", 5), ct), ct);
                break;
            case "ABORTING":
                await OkAsync(client.ActAsync(m.TaskId, "start", ct), ct);
                await OkAsync(client.ActAsync(m.TaskId, "stop", ct), ct);
                break;
            case "ABORT":
                await OkAsync(client.ActAsync(m.TaskId, "stop", ct), ct);
                break;
            case "MIGRATE_SUCCESS":
                await OkAsync(client.ReportAsync(m.TaskId, Api.ProgressBody("DETTACH_AGENT_IMAGE", 100, 1000, 1000), ct), ct);
                break;
            case "SYNC_SUCCESS":
                await OkAsync(client.ReportAsync(m.TaskId, Api.ProgressBody("SYNC_LINUX_FILE", 5), ct), ct);
                await OkAsync(client.ReportAsync(m.TaskId, Api.ProgressBody("DETTACH_AGENT_IMAGE", 100, 1000, 1000), ct), ct);
                break;
            case "MIGRATE_FAIL":
                await OkAsync(client.ActAsync(m.TaskId, "start", ct), ct);
                await OkAsync(client.AcknowledgeAsync(m.SourceId, "START", "fail", ct), ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "no API path to this state");
        }
        Assert.Equal(state, await client.StateAsync(m.TaskId, ct));
        return m;
    }

    public static async Task OkAsync(Task<HttpResponseMessage> call, CancellationToken ct)
    {
        using var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
    }

    public static IEnumerable<string> Ids(this JsonObject list, string property) =>
        list[property]!.AsArray().Select(i => i!["id"]!.GetValue<string>());
}
