using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Console.Tests;

/// <summary>The API calls the tests make around the browser, as an agent or operator would.</summary>
public static class Api
{
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    public static async Task<string> NewTaskAsync(this HttpClient client, string name, CancellationToken ct, string ep = "0")
    {
        var source = await client.SendJsonAsync(HttpMethod.Post, "/v3/sources", new JsonObject
        {
            ["name"] = name, ["ip"] = "10.20.0." + Random.Shared.Next(2, 250), ["os_type"] = "LINUX", ["os_version"] = "Ubuntu 22.04",
            ["agent_version"] = "25.1.0", ["enterprise_project_id"] = ep,
            ["networks"] = new JsonArray(new JsonObject { ["mac"] = "fa:16:3e:00:00:01", ["ip"] = "10.20.0.9", ["name"] = "eth0" }),
        }, ct);
        var task = await client.SendJsonAsync(HttpMethod.Post, "/v3/tasks", new JsonObject
        {
            ["name"] = name + "-migration", ["type"] = "MIGRATE_FILE", ["os_type"] = "LINUX", ["source_server"] = new JsonObject { ["id"] = source["id"]!.GetValue<string>() },
            ["target_server"] = new JsonObject { ["vm_id"] = "vm-1", ["name"] = name + "-target" },
            ["region_name"] = "opensms-1", ["region_id"] = "opensms-1", ["project_name"] = "default", ["project_id"] = "p1",
        }, ct);
        return task["id"]!.GetValue<string>();
    }

    public static Task<JsonObject> ReportAsync(this HttpClient client, string taskId, string subtask, int progress, long replicated, long total, CancellationToken ct,
        double? speed = null, JsonObject? more = null)
    {
        var body = new JsonObject
        {
            ["subtask_name"] = subtask, ["progress"] = progress, ["replicatesize"] = replicated, ["totalsize"] = total, ["process_trace"] = "",
        };
        if (speed is { } s) body["migrate_speed"] = s;
        foreach (var (k, v) in more ?? []) body[k] = v?.DeepClone();
        return client.SendJsonAsync(HttpMethod.Put, $"/v3/tasks/{taskId}/progress", body, ct);
    }

    public static async Task<JsonObject> SendJsonAsync(this HttpClient client, HttpMethod method, string path, JsonObject body, CancellationToken ct)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!.AsObject();
    }

    public static async Task<string> StateAsync(this HttpClient client, string taskId, CancellationToken ct) =>
        (await client.GetFromJsonAsync<JsonObject>($"/v3/tasks/{taskId}", ct))!["state"]!.GetValue<string>();
}
