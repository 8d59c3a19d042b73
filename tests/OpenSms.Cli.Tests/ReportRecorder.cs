using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OpenSms.Client;

namespace OpenSms.Cli.Tests;

/// <summary>Keeps every progress report a client sends, to check what the simulated agents said.</summary>
public sealed class ReportRecorder : DelegatingHandler
{
    public ConcurrentQueue<JsonObject> Reports { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.EndsWith("/progress", StringComparison.Ordinal))
            Reports.Enqueue((JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)) as JsonObject)!);
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>An administrator's client whose reports land in <see cref="Reports"/>.</summary>
    public async Task<OpenSmsClient> AdminClientAsync(CliHost host, CancellationToken ct)
    {
        InnerHandler = new SocketsHttpHandler();
        var client = new OpenSmsClient(new HttpClient(this) { BaseAddress = host.Endpoint });
        await client.LoginAsync("admin", CliHost.AdminPassword, "opensms", "default", ct);
        return client;
    }
}
