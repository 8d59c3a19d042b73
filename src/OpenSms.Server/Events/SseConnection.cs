using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;

namespace OpenSms.Server.Events;

/// <summary>
/// One open text/event-stream: the events after Last-Event-ID from the log, then live ones from
/// the hub, each written once and flushed at once, with a comment whenever the stream is quiet.
/// </summary>
public sealed class SseConnection(HttpContext context, Caller caller, SmsAuthorization auth, IEventStore store, TimeSpan keepAlive)
{
    const int ReplayPage = 500;
    // What the caller may see is decided per task and remembered briefly, so a policy change or a
    // deleted task takes effect within this long without a policy evaluation per event.
    static readonly TimeSpan VisibilityTtl = TimeSpan.FromSeconds(60);
    readonly Dictionary<string, (bool Visible, long Until)> visible = new(StringComparer.Ordinal);
    readonly HttpResponse response = context.Response;
    long sent;

    /// <summary>
    /// Runs until the client goes away, the server stops, or the subscriber falls too far behind.
    /// The subscription comes first, then the replay: whatever commits during the replay is in the
    /// subscription too, and anything up to the last id sent is skipped, so nothing is lost or doubled.
    /// </summary>
    public async Task RunAsync(EventSubscription subscription, long? lastEventId, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Tells nginx and its kin not to hold events back in a buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.WriteAsync(": connected\n\n", ct);
        await response.Body.FlushAsync(ct);
        try
        {
            sent = subscription.LiveFrom;
            if (lastEventId is { } from) await ReplayAsync(subscription, from, ct);
            await LiveAsync(subscription, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    async Task ReplayAsync(EventSubscription subscription, long from, CancellationToken ct)
    {
        sent = from;
        while (true)
        {
            var page = await store.ReadAfterAsync(sent, subscription.DomainId, subscription.TaskId, ReplayPage, ct);
            foreach (var e in page) await SendAsync(e, ct);
            // Reads until the log is exhausted, which is at or past LiveFrom: ids commit in order.
            if (page.Count < ReplayPage) return;
        }
    }

    async Task LiveAsync(EventSubscription subscription, CancellationToken ct)
    {
        var reader = subscription.Events;
        while (true)
        {
            bool more;
            using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                quiet.CancelAfter(keepAlive);
                try
                {
                    more = await reader.WaitToReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }
            }
            // Completed: the subscriber overflowed or the server is stopping; the client reconnects.
            if (!more) return;
            while (reader.TryRead(out var e))
                if (e.Id > sent) await SendAsync(e, ct);
        }
    }

    async Task SendAsync(TaskEvent e, CancellationToken ct)
    {
        sent = e.Id;
        if (!await MaySeeAsync(e.TaskId, ct)) return;
        await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {e.Id}\nevent: {e.Type}\ndata: {e.Data}\n\n"), ct);
        await response.Body.FlushAsync(ct);
    }

    async ValueTask<bool> MaySeeAsync(string taskId, CancellationToken ct)
    {
        if (caller.IsAdmin) return true;
        var now = Environment.TickCount64;
        if (visible.TryGetValue(taskId, out var known) && known.Until > now) return known.Visible;
        var read = await auth.TaskReadAsync(caller, taskId, context.Connection.RemoteIpAddress?.ToString(), ct);
        var allowed = read?.Decision.Allowed is true;
        if (visible.Count >= 10_000) visible.Clear();
        visible[taskId] = (allowed, now + (long)VisibilityTtl.TotalMilliseconds);
        return allowed;
    }
}
