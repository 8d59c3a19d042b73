using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OpenSms.Server.Tests;

/// <summary>
/// The real server on a fresh SQLite file of its own, or on the PostgreSQL database given: each
/// test class (or test) that creates one owns all of its data. Disposing it deletes the data directory.
/// </summary>
public sealed class OpenSmsApp : WebApplicationFactory<Program>
{
    // An init property rather than a constructor parameter: xUnit builds class fixtures through
    // their one public constructor and cannot fill an optional parameter.
    /// <summary>The PostgreSQL database to run on; null for a SQLite file in <see cref="DataDirectory"/>.</summary>
    public string? PostgresConnectionString { get; init; }

    public const string AdminPassword = "Test-admin-pass1";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "opensms-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Replaces the server's clock, so a test decides when each request arrives.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Configuration on top of the defaults, e.g. <c>OpenSms:OverSpeed:SlidingWindowSeconds</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenSms:DataDirectory", DataDirectory);
        builder.UseSetting("OPENSMS_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (Clock is { } clock) builder.ConfigureTestServices(services => services.AddSingleton(clock));
        if (PostgresConnectionString is not { } postgres) return;
        builder.UseSetting("Storage:Provider", "postgres");
        builder.UseSetting("Storage:ConnectionString", postgres);
    }

    /// <summary>A client signed in as the operator account's administrator.</summary>
    public async Task<HttpClient> AdminClientAsync(CancellationToken ct) =>
        await SignedInClientAsync("opensms", "admin", AdminPassword, ct);

    public async Task<HttpClient> SignedInClientAsync(string account, string user, string password, CancellationToken ct)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", await TokenAsync(client, account, user, password, ct));
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, string account, string user, string password, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = user, ["password"] = password, ["domain"] = new JsonObject { ["name"] = account } } },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "default" } },
            },
        };
        using var response = await client.PostAsJsonAsync("/v3/auth/tokens", body, ct);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { /* a pooled SQLite handle may linger; the temp folder is cleaned by the OS */ }
        }
    }
}

/// <summary>Small helpers so tests read as the API calls they make.</summary>
public static class Api
{
    public static JsonObject SourceBody(string name = "web-01", string ip = "10.0.0.5") => new()
    {
        ["name"] = name, ["ip"] = ip, ["os_type"] = "LINUX", ["os_version"] = "Ubuntu 22.04", ["agent_version"] = "25.1.0",
        ["networks"] = new JsonArray(new JsonObject { ["mac"] = "fa:16:3e:00:00:01", ["ip"] = ip, ["name"] = "eth0" }),
    };

    public static JsonObject TaskBody(string sourceId, string name = "web-01-migration") => new()
    {
        ["name"] = name, ["type"] = "MIGRATE_FILE", ["os_type"] = "LINUX", ["source_server"] = new JsonObject { ["id"] = sourceId },
        ["target_server"] = new JsonObject { ["vm_id"] = "vm-1", ["name"] = name + "-target" },
        ["region_name"] = "opensms-1", ["region_id"] = "opensms-1", ["project_name"] = "default", ["project_id"] = "p1",
    };

    public static JsonObject ProgressBody(string subtask = "MIGRATE_LINUX_FILE", int progress = 10, long replicated = 100, long total = 1000, string trace = "") => new()
    {
        ["subtask_name"] = subtask, ["progress"] = progress, ["replicatesize"] = replicated, ["totalsize"] = total, ["process_trace"] = trace,
    };

    public static async Task<string> RegisterSourceAsync(this HttpClient client, CancellationToken ct, string name = "web-01")
    {
        using var response = await client.PostAsJsonAsync("/v3/sources", SourceBody(name), ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
    }

    public static async Task<string> CreateTaskAsync(this HttpClient client, string sourceId, CancellationToken ct, string name = "web-01-migration")
    {
        using var response = await client.PostAsJsonAsync("/v3/tasks", TaskBody(sourceId, name), ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
    }

    /// <summary>Registers a source and creates a READY task for it.</summary>
    public static async Task<string> NewTaskAsync(this HttpClient client, CancellationToken ct, string name = "web-01")
    {
        var source = await client.RegisterSourceAsync(ct, name);
        return await client.CreateTaskAsync(source, ct, name + "-migration");
    }

    public static Task<HttpResponseMessage> ReportAsync(this HttpClient client, string taskId, JsonObject body, CancellationToken ct) =>
        client.PutAsJsonAsync($"/v3/tasks/{taskId}/progress", body, ct);

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
    }

    public static async Task<JsonObject> ErrorAsync(this HttpResponseMessage response, CancellationToken ct) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;

    public static HttpContent RawJson(string json, string contentType = "application/json")
    {
        var content = new StringContent(json);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
