using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenSms.Server.Tests;

/// <summary>One delivery as the receiver saw it.</summary>
public sealed record ReceivedDelivery(IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredWith);

/// <summary>
/// A real HTTP listener on a free loopback port that plays a webhook receiver: it records every
/// request and answers each with the next status of its script (the last one repeats).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly int[] script;
    readonly Task loop;
    int served;

    public WebhookReceiver(params int[] script)
    {
        this.script = script.Length == 0 ? [200] : script;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/";
        }
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedDelivery> Received { get; } = new();

    async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = script[Math.Min(Interlocked.Increment(ref served) - 1, script.Length - 1)];
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Received.Enqueue(new ReceivedDelivery(headers, body, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have come in (or fails after 15 s).</summary>
    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(int count, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(15));
        while (Received.Count < count)
        {
            try
            {
                await Task.Delay(20, limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Assert.Fail($"Only {Received.Count} of {count} deliveries arrived within 15 s.");
            }
        }
        return Received.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
