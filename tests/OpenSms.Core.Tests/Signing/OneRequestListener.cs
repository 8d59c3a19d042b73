using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenSms.Core.Signing;

namespace OpenSms.Core.Tests.Signing;

/// <summary>An HTTP request exactly as it arrived on the socket.</summary>
public sealed record CapturedRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>Describes the request the way the server's authentication handler will, optionally with another body.</summary>
    public SigningRequest ToSigningRequest(byte[]? body = null)
    {
        var query = Target.IndexOf('?', StringComparison.Ordinal);
        var request = new SigningRequest
        {
            Method = Method,
            Path = query < 0 ? Target : Target[..query],
            Query = SigningRequest.ParseQuery(query < 0 ? "" : Target[query..]),
            Body = body ?? Body,
        };
        foreach (var (name, value) in Headers) request.Headers.Add(name, value);
        return request;
    }
}

/// <summary>
/// A loopback socket that reads one HTTP/1.1 request byte for byte and answers 200 <c>{}</c>.
/// A raw socket rather than HttpListener, so nothing normalises the request before we see it.
/// </summary>
public sealed class OneRequestListener : IDisposable
{
    static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    readonly TcpListener listener = new(IPAddress.Loopback, 0);

    public OneRequestListener() => listener.Start();

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    public async Task<CapturedRequest> ReceiveAsync(CancellationToken ct)
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        var stream = client.GetStream();
        var received = new List<byte>();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = received.ToArray().AsSpan().IndexOf(HeaderEnd)) < 0)
            received.AddRange(chunk.AsSpan(0, await ReadSomeAsync(stream, chunk, ct)));

        var lines = Encoding.UTF8.GetString(received.ToArray(), 0, headerEnd).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Select(p => new KeyValuePair<string, string>(p[0], p[1].Trim(' ', '\t')))
            .ToList();
        Assert.DoesNotContain(headers, h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase));

        var length = headers.Where(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h.Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = received.Skip(headerEnd + HeaderEnd.Length).ToList();
        while (body.Count < length)
            body.AddRange(chunk.AsSpan(0, await ReadSomeAsync(stream, chunk, ct)));

        await stream.WriteAsync(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"u8.ToArray(), ct);
        return new CapturedRequest(requestLine[0], requestLine[1], headers, [.. body]);
    }

    static async Task<int> ReadSomeAsync(NetworkStream stream, byte[] chunk, CancellationToken ct)
    {
        var n = await stream.ReadAsync(chunk, ct);
        return n > 0 ? n : throw new IOException("The client closed the connection before the request was complete.");
    }

    public void Dispose() => listener.Dispose();
}
