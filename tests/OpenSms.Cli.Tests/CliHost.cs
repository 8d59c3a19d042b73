using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Client;

namespace OpenSms.Cli.Tests;

/// <summary>
/// The real server on a loopback port with a fresh SQLite file, and a config file of its own for
/// the CLI. Each test creates one, so no two tests share data.
/// </summary>
public sealed class CliHost : WebApplicationFactory<global::Program>
{
    public const string AdminPassword = "Test-admin-pass1";

    readonly Dictionary<string, string> settings;

    public CliHost(params (string Key, string Value)[] extra)
    {
        settings = extra.ToDictionary(e => e.Key, e => e.Value);
        UseKestrel(0);
        StartServer();
        Endpoint = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "opensms-cli-tests", Guid.NewGuid().ToString("N"));

    public string ConfigFile => Path.Combine(DataDirectory, "cli-config.json");

    public Uri Endpoint { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenSms:DataDirectory", DataDirectory);
        builder.UseSetting("OPENSMS_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>A typed client signed in as the operator account's administrator.</summary>
    public async Task<OpenSmsClient> AdminAsync(CancellationToken ct)
    {
        var client = OpenSmsClient.Create(Endpoint);
        await client.LoginAsync("admin", AdminPassword, "opensms", "default", ct);
        return client;
    }

    /// <summary>Runs <c>opensms</c> in-process with this host's config file, capturing what it prints.</summary>
    public Task<CliResult> RunAsync(CancellationToken ct, params string[] args) => Start(ct, args).Result;

    /// <summary>Starts <c>opensms</c> in-process; <see cref="RunningCli.OutputSoFar"/> shows what it printed while it runs.</summary>
    public RunningCli Start(CancellationToken ct, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // Synchronized: a running watch writes while the test reads.
        var syncOut = TextWriter.Synchronized(output);
        var run = Task.Run(async () =>
        {
            var exit = await Cli.RunAsync(["--config", ConfigFile, .. args], CliConsole.ForWriters(syncOut, error), ct);
            return new CliResult(exit, output.ToString(), error.ToString());
        }, ct);
        return new RunningCli(run, () => { lock (syncOut) return output.ToString(); });
    }

    /// <summary>Signs the CLI in as the administrator (profile "default").</summary>
    public async Task LoginAsync(CancellationToken ct)
    {
        var login = await RunAsync(ct, "login", "--endpoint", Endpoint.ToString(), "--user", "admin", "--password", AdminPassword);
        Assert.Equal(0, login.Exit);
    }

    /// <summary>Whether the server has the speed-limit API yet (an unknown route is APIGW.0101, an unknown task SMS.9005).</summary>
    public async Task<bool> HasSpeedLimitApiAsync(CancellationToken ct)
    {
        var admin = await AdminAsync(ct);
        var probe = await admin.SendRawAsync(HttpMethod.Get, "/v3/tasks/00000000-0000-4000-8000-000000000000/speed-limit", null, ct);
        return probe.ErrorCode != "APIGW.0101";
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

public sealed record RunningCli(Task<CliResult> Result, Func<string> OutputSoFar);

public sealed record CliResult(int Exit, string Output, string Error)
{
    public JsonNode Json() => JsonNode.Parse(Output) ?? throw new InvalidOperationException("no JSON output");
}
