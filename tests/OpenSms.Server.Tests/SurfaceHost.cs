using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>
/// One host per test class with two accounts: the operator's administrator, and the administrator
/// of a second account whose ids must be invisible to the first (and the other way round).
/// </summary>
public sealed class SurfaceHost : IAsyncLifetime
{
    public OpenSmsApp App { get; } = new();
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Other { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Admin = await App.AdminClientAsync(ct);
        const string password = "Other-pass-123";
        var body = new JsonObject { ["name"] = "other", ["admin_password"] = password };
        using var response = await Admin.PostAsJsonAsync("/v3/opensms/accounts", body, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Other = await App.SignedInClientAsync("other", "admin", password, ct);
    }

    /// <summary>A client for a new account of its own, for tests that count or move what an account holds.</summary>
    public async Task<HttpClient> NewAccountAsync(CancellationToken ct)
    {
        var name = "fresh-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Fresh-pass-123";
        using var response = await Admin.PostAsJsonAsync("/v3/opensms/accounts", new JsonObject { ["name"] = name, ["admin_password"] = password }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await App.SignedInClientAsync(name, "admin", password, ct);
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        Other?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>Calls and assertions the surface tests share.</summary>
public static class SurfaceApi
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode body, CancellationToken ct) =>
        client.PostAsJsonAsync(path, body, ct);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, JsonNode body, CancellationToken ct) =>
        client.PutAsJsonAsync(path, body, ct);

    /// <summary>Asserts 200 and returns the JSON body.</summary>
    public static async Task<JsonObject> OkJsonAsync(this HttpResponseMessage response, CancellationToken ct)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
    }

    /// <summary>Asserts a 400 SMS.9001 that names exactly <paramref name="fields"/>.</summary>
    public static async Task InvalidAsync(this HttpResponseMessage response, CancellationToken ct, params string[] fields)
    {
        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(fields.Order(StringComparer.Ordinal), error.ErrorParams().Order(StringComparer.Ordinal));
    }

    public static Task<JsonObject> NotFoundAsync(this HttpResponseMessage response, CancellationToken ct) =>
        response.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);

    public static Task<JsonObject> ShowServerAsync(this HttpClient client, string sourceId, CancellationToken ct) =>
        client.GetJsonAsync($"/v3/sources/{sourceId}", ct);

    public static string Text(this JsonNode? node) => node!.GetValue<string>();

    /// <summary>The agent acknowledges a command, as it does after acting on it.</summary>
    public static async Task CommandResultAsync(this HttpClient client, string sourceId, string command, string result, CancellationToken ct)
    {
        var body = new JsonObject { ["command_name"] = command, ["result"] = result };
        using var response = await client.PostAsJsonAsync($"/v3/sources/{sourceId}/command_result", body, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public static class SurfaceTasks
{
    /// <summary>Registers a source and creates a READY task for it from <paramref name="taskBody"/> (default: Api.TaskBody).</summary>
    public static async Task<(string SourceId, string TaskId)> NewSourceAndTaskAsync(
        this HttpClient client, CancellationToken ct, string name = "web-01", Func<string, JsonObject>? taskBody = null)
    {
        var sourceId = await client.RegisterSourceAsync(ct, name);
        using var response = await client.PostAsJsonAsync("/v3/tasks", (taskBody ?? (id => Api.TaskBody(id, name + "-migration")))(sourceId), ct);
        var taskId = (await response.OkJsonAsync(ct))["id"].Text();
        return (sourceId, taskId);
    }
}
