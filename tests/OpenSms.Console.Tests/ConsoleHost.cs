using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OpenSms.Console.Tests;

/// <summary>
/// The real server on a loopback port of its own (a browser cannot reach an in-memory test server),
/// on a fresh SQLite file that disposing deletes.
/// </summary>
public sealed class ConsoleHost : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Console-admin-pass1";

    readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "opensms-console-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Replaces the server's clock (the screenshot tool backdates a history).</summary>
    public TimeProvider? Clock { get; init; }

    string? baseUrl;

    /// <summary>The server's address; the first use starts it (after the init properties are set).</summary>
    public string BaseUrl => baseUrl ??= Start();

    string Start()
    {
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenSms:DataDirectory", dataDirectory);
        builder.UseSetting("OPENSMS_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (Clock is { } clock) builder.ConfigureTestServices(services => services.AddSingleton(clock));
    }

    /// <summary>A client of the real port, signed in as the administrator with a header token (as an agent or script would).</summary>
    public async Task<HttpClient> AdminClientAsync(CancellationToken ct)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Auth-Token", await TokenAsync(client, "admin", AdminPassword, ct));
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, string user, string password, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = user, ["password"] = password, ["domain"] = new JsonObject { ["name"] = "opensms" } } },
                },
            },
        };
        using var response = await client.PostAsJsonAsync("/v3/auth/tokens", body, ct);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !Directory.Exists(dataDirectory)) return;
        try { Directory.Delete(dataDirectory, recursive: true); }
        catch (IOException) { /* a pooled SQLite handle may linger; the temp folder is cleaned by the OS */ }
    }
}
