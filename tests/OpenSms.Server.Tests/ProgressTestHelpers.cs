using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Tests;

/// <summary>
/// One host per test class, signed in as the operator's administrator. Tests share the host but
/// never data: each creates its own sources and tasks.
/// </summary>
public sealed class ProgressHost : IAsyncLifetime
{
    public OpenSmsApp App { get; } = new();
    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Admin = await App.AdminClientAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>The samples kept for a task of the operator account, read through the server's own store.</summary>
    public async Task<IReadOnlyList<Sample>> SamplesAsync(string taskId, CancellationToken ct)
    {
        var account = await App.Services.GetRequiredService<IAccountStore>().FindAccountByNameAsync("opensms", ct);
        return await SamplesAsync(account!.Id, taskId, ct);
    }

    public Task<IReadOnlyList<Sample>> SamplesAsync(string domainId, string taskId, CancellationToken ct) =>
        App.Services.GetRequiredService<IProgressStore>().ListSamplesAsync(domainId, taskId, ct);
}

public static class ProgressApi
{
    public static Task<HttpResponseMessage> ReportRawAsync(this HttpClient client, string taskId, HttpContent content, CancellationToken ct) =>
        client.PutAsync($"/v3/tasks/{taskId}/progress", content, ct);

    public static Task<HttpResponseMessage> ReportRawAsync(this HttpClient client, string taskId, string json, CancellationToken ct) =>
        client.ReportRawAsync(taskId, Api.RawJson(json), ct);

    /// <summary>Sends a report that must be accepted.</summary>
    public static async Task ReportOkAsync(this HttpClient client, string taskId, JsonObject body, CancellationToken ct)
    {
        using var response = await client.ReportAsync(taskId, body, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static Task<JsonObject> ShowTaskAsync(this HttpClient client, string taskId, CancellationToken ct) =>
        client.GetJsonAsync($"/v3/tasks/{taskId}", ct);

    public static async Task ActOnTaskAsync(this HttpClient client, string taskId, string operation, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync($"/v3/tasks/{taskId}/action", new JsonObject { ["operation"] = operation }, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Asserts the status and SMS error code and returns the error body.</summary>
    public static async Task<JsonObject> SmsErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code, CancellationToken ct)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.ErrorAsync(ct);
        Assert.Equal(code, body["error_code"]?.GetValue<string>());
        return body;
    }

    public static string[] ErrorParams(this JsonObject error) =>
        error["error_param"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray();

    public static JsonObject With(this JsonObject body, string field, JsonNode? value)
    {
        body[field] = value;
        return body;
    }

    public static JsonObject Without(this JsonObject body, string field)
    {
        Assert.True(body.Remove(field), $"the body has no {field} to remove");
        return body;
    }
}
