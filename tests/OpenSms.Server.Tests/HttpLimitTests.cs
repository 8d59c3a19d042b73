using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenSms.Server.Tests;

/// <summary>Kestrel's limits (OpenSms:Http) on a real socket: header size, body size and slow clients.</summary>
public sealed class HttpLimitTests
{
    static (OpenSmsApp App, Uri Address) Serve(Dictionary<string, string>? settings = null)
    {
        var app = new OpenSmsApp { Settings = settings ?? [] };
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    static async Task<HttpClient> SignedInAsync(Uri address, CancellationToken ct)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Add("X-Auth-Token", await OpenSmsApp.TokenAsync(client, "opensms", "admin", OpenSmsApp.AdminPassword, ct));
        return client;
    }

    [Fact]
    public async Task HeadersPastTheLimitAre431()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, address) = Serve();
        using var _ = app;
        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("X-Padding", new string('a', 17 * 1024));

        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        using var small = await client.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABodyPastKestrelsLimitIs413SMS2004(bool chunked)
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, address) = Serve(new() { ["OpenSms:Http:MaxRequestBodySize"] = "2048" });
        using var _ = app;
        using var client = await SignedInAsync(address, ct);
        var json = Api.ProgressBody(trace: new string('t', 4096)).ToJsonString();
        HttpContent content = chunked ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))) : new StringContent(json);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PutAsync("/v3/tasks/any/progress", content, ct);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "SMS.2004", ct);
    }

    [Fact]
    public async Task ASignedBodyPastKestrelsLimitIs413SMS2004Too()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, address) = Serve(new() { ["OpenSms:Http:MaxRequestBodySize"] = "2048" });
        using var _ = app;
        using var admin = await SignedInAsync(address, ct);
        var key = await admin.NewKeyAsync((await admin.GetJsonAsync("/v3/users", ct))["users"]![0]!["id"]!.GetValue<string>(), ct);

        // Verifying the signature reads the body before any endpoint does.
        using var response = await admin.SendSignedAsync(key, HttpMethod.Put, "/v3/tasks/any/progress", Api.ProgressBody(trace: new string('t', 4096)).ToJsonString(), ct);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "SMS.2004", ct);
    }

    [Fact]
    public async Task AClientThatSendsItsHeadersTooSlowlyIsCutOff()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, address) = Serve(new() { ["OpenSms:Http:RequestHeadersTimeoutSeconds"] = "1" });
        using var _ = app;
        using var socket = await ConnectAsync(address, ct);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: x\r\n"), ct);

        // The default (15 s) would outlast the wait; the configured second does not.
        var answer = await ReadUntilClosedAsync(socket, TimeSpan.FromSeconds(10), ct);

        Assert.NotNull(answer);
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
    }

    [Fact]
    public async Task ABodyTrickledSlowerThanTheMinimumRateIsCutOff()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, address) = Serve(new()
        {
            ["OpenSms:Http:MinRequestBodyBytesPerSecond"] = "2000", ["OpenSms:Http:MinRequestBodyGraceSeconds"] = "2",
        });
        using var _ = app;
        string token;
        using (var client = new HttpClient { BaseAddress = address })
            token = await OpenSmsApp.TokenAsync(client, "opensms", "admin", OpenSmsApp.AdminPassword, ct);
        using var socket = await ConnectAsync(address, ct);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"PUT /v3/tasks/any/progress HTTP/1.1\r\nHost: x\r\nX-Auth-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: 20000\r\n\r\n"), ct);

        // 300 bytes a second clears Kestrel's default minimum (240) but not the configured 2000.
        var cutOff = false;
        for (var second = 0; second < 15 && !cutOff; second++)
        {
            try
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes(new string(' ', 300)), ct);
                cutOff = await ReadUntilClosedAsync(socket, TimeSpan.FromSeconds(1), ct) is not null;
            }
            catch (SocketException)
            {
                cutOff = true;
            }
        }

        Assert.True(cutOff, "the server kept reading a body arriving at 300 bytes a second");
    }

    [Fact]
    public async Task AnIdleKeepAliveConnectionIsClosed()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, address) = Serve(new() { ["OpenSms:Http:KeepAliveTimeoutSeconds"] = "1" });
        using var _ = app;
        using var socket = await ConnectAsync(address, ct);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), ct);

        var answer = await ReadUntilClosedAsync(socket, TimeSpan.FromSeconds(10), ct);

        Assert.NotNull(answer);
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, Func<KestrelServerLimits, object?>> Settings => new()
    {
        { "MaxRequestHeadersTotalSize", "20000", l => l.MaxRequestHeadersTotalSize },
        { "MaxRequestHeaderCount", "50", l => l.MaxRequestHeaderCount },
        { "MaxRequestBodySize", "100000", l => l.MaxRequestBodySize },
        { "RequestHeadersTimeoutSeconds", "7", l => (long)l.RequestHeadersTimeout.TotalSeconds },
        { "KeepAliveTimeoutSeconds", "9", l => (long)l.KeepAliveTimeout.TotalSeconds },
        { "MinRequestBodyBytesPerSecond", "500", l => (long?)l.MinRequestBodyDataRate?.BytesPerSecond },
        { "MinRequestBodyGraceSeconds", "11", l => (long?)l.MinRequestBodyDataRate?.GracePeriod.TotalSeconds },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void EachSettingReachesKestrel(string setting, string value, Func<KestrelServerLimits, object?> read)
    {
        using var app = new OpenSmsApp { Settings = new Dictionary<string, string> { ["OpenSms:Http:" + setting] = value } };

        var limits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(long.Parse(value, CultureInfo.InvariantCulture), Convert.ToInt64(read(limits), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheDefaultsAreTheContractsBodyLimitAndShortTimeouts()
    {
        using var app = new OpenSmsApp();

        var limits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(64 * 1024, limits.MaxRequestBodySize);
        Assert.Equal(16 * 1024, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(TimeSpan.FromSeconds(15), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), limits.KeepAliveTimeout);
    }

    static async Task<Socket> ConnectAsync(Uri address, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port, ct);
        return socket;
    }

    /// <summary>What the server sent before closing the connection, or null if it was still open after <paramref name="wait"/>.</summary>
    static async Task<string?> ReadUntilClosedAsync(Socket socket, TimeSpan wait, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (n == 0) return received.ToString();
                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
        catch (SocketException)
        {
            return received.ToString();
        }
    }
}
