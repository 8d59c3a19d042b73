using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpenSms.Client;
using OpenSms.Client.Simulation;

namespace OpenSms.Server.Demo;

/// <summary>
/// Demo mode (<c>--demo</c>, or <c>OpenSms:Demo=true</c>): once the server listens, a few simulated
/// agents sign in as the administrator and migrate made-up servers through the real API, one after
/// another, so the console and <c>opensms tasks watch</c> show live migrations at once.
/// </summary>
public sealed partial class DemoAgents(
    IServer server, IHostApplicationLifetime lifetime, IConfiguration config, IOptions<ServerOptions> options, ILogger<DemoAgents> log)
    : BackgroundService
{
    public const string Setting = "OpenSms:Demo";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue<bool>(Setting)) return;
        var listening = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => listening.TrySetResult()))
            await listening.Task.WaitAsync(stoppingToken);

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var password = config["OPENSMS_ADMIN_PASSWORD"] is { Length: > 0 } set ? set : ReadGeneratedPassword();
        if (address is null || password is null)
        {
            LogCannotStart(log, address is null ? "the server has no address" : "the admin password is neither set nor in admin-password.txt");
            return;
        }

        using var http = new HttpClient { BaseAddress = Loopback(address) };
        var client = new OpenSmsClient(http);
        try
        {
            Task SignInAsync(CancellationToken ct) =>
                client.LoginAsync(Bootstrap.AdminUser, password, Bootstrap.OperatorAccount, Bootstrap.DefaultProject, ct);
            await SignInAsync(stoppingToken);
            var simulator = new AgentSimulator(client, new SimulatorOptions
            {
                Agents = config.GetValue("OpenSms:DemoAgents", 4),
                Interval = config.GetValue("OpenSms:DemoInterval", TimeSpan.FromSeconds(2)),
                Duration = config.GetValue("OpenSms:DemoDuration", TimeSpan.FromMinutes(2)),
                Continuous = true,
                // A demo may run for days; tokens last 24 hours.
                Reauthenticate = SignInAsync,
                NamePrefix = "demo",
                OnEvent = e =>
                {
                    if (e.Kind is AgentEventKind.Registered or AgentEventKind.Finished) LogAgent(log, e.Agent, e.Message);
                },
            });
            LogStarted(log, http.BaseAddress);
            await simulator.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is shutting down.
        }
        catch (Exception e) when (e is OpenSmsApiException or HttpRequestException)
        {
            LogCannotStart(log, e.Message);
        }
    }

    string? ReadGeneratedPassword()
    {
        var file = Path.Combine(options.Value.DataDirectory, "admin-password.txt");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    /// <summary>The agents run in this process, so they call the server on loopback even when it listens on every interface.</summary>
    static Uri Loopback(string address)
    {
        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        var host = uri.Host switch { "0.0.0.0" => "127.0.0.1", "[::]" => "[::1]", _ => uri.Host };
        return new UriBuilder(uri) { Host = host }.Uri;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo mode: simulated agents are migrating servers through {Endpoint}")]
    static partial void LogStarted(ILogger logger, Uri? endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo agent {Agent}: {Message}")]
    static partial void LogAgent(ILogger logger, string agent, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo mode cannot start: {Reason}")]
    static partial void LogCannotStart(ILogger logger, string reason);
}
