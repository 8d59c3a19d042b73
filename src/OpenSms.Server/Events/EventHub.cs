using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Server.Storage;

namespace OpenSms.Server.Events;

/// <summary>
/// Fans committed events out to this instance's subscribers. It never receives events from the
/// writers directly: it tails the log (id &gt; last seen) whenever <see cref="EventSignal"/> is
/// raised, by a local writer after commit or, on PostgreSQL, by NOTIFY from any instance, so every
/// instance sees the same events in the same order and only once they are durable.
/// </summary>
public sealed partial class EventHub(IEventStore store, EventSignal signal, IOptions<EventOptions> options, ILogger<EventHub> log)
    : BackgroundService
{
    const int Page = 1000;
    readonly EventOptions o = options.Value;
    // Held while reading the log and while subscribing, so a new subscriber's starting point and the
    // tail's position are the same number.
    readonly SemaphoreSlim gate = new(1, 1);
    readonly Lock sync = new();
    EventSubscription[] subscribers = [];
    long lastSeen;

    public int SubscriberCount => Volatile.Read(ref subscribers).Length;

    /// <summary>
    /// Starts delivering the events of <paramref name="domainId"/> (and <paramref name="taskId"/>, when
    /// given) committed after the returned subscription's <see cref="EventSubscription.LiveFrom"/>.
    /// </summary>
    public async Task<EventSubscription> SubscribeAsync(string domainId, string? taskId, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            // With nobody listening the hub does not read the log; it starts again from its end.
            if (SubscriberCount == 0) lastSeen = await store.LastIdAsync(ct);
            var s = new EventSubscription(this, domainId, taskId, lastSeen, o.SubscriberBuffer);
            lock (sync) subscribers = [.. subscribers, s];
            return s;
        }
        finally
        {
            gate.Release();
        }
    }

    internal void Remove(EventSubscription s)
    {
        lock (sync) subscribers = subscribers.Where(x => x != s).ToArray();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(o.PollSeconds), stoppingToken);
                try
                {
                    await TailAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next signal or poll reads from the same place: nothing is skipped.
                    LogTailFailed(log, e);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Open streams end now rather than holding the host's shutdown; clients reconnect elsewhere.
        foreach (var s in Volatile.Read(ref subscribers)) s.Close();
        await base.StopAsync(cancellationToken);
    }

    async Task TailAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            while (SubscriberCount > 0)
            {
                var page = await store.ReadAfterAsync(lastSeen, null, null, Page, ct);
                if (page.Count == 0) return;
                var current = Volatile.Read(ref subscribers);
                foreach (var e in page)
                    foreach (var s in current)
                        s.Offer(e);
                lastSeen = page[^1].Id;
                if (page.Count < Page) return;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the event log failed; retrying")]
    static partial void LogTailFailed(ILogger logger, Exception e);
}

/// <summary>One stream's view of the hub: the matching events, in id order, in a bounded buffer.</summary>
public sealed class EventSubscription : IDisposable
{
    readonly EventHub hub;
    readonly Channel<TaskEvent> buffer;

    internal EventSubscription(EventHub hub, string domainId, string? taskId, long liveFrom, int capacity)
    {
        this.hub = hub;
        DomainId = domainId;
        TaskId = taskId;
        LiveFrom = liveFrom;
        buffer = Channel.CreateBounded<TaskEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
    }

    public string DomainId { get; }
    public string? TaskId { get; }

    /// <summary>Every matching event with a greater id reaches <see cref="Events"/>; older ones are the stream's to replay.</summary>
    public long LiveFrom { get; }

    /// <summary>Completes when the subscriber fell too far behind (<see cref="Overflowed"/>) or the server stops.</summary>
    public ChannelReader<TaskEvent> Events => buffer.Reader;

    public bool Overflowed { get; private set; }

    internal void Offer(TaskEvent e)
    {
        if (e.DomainId != DomainId || (TaskId is not null && e.TaskId != TaskId)) return;
        if (buffer.Writer.TryWrite(e)) return;
        // A slow reader must never hold up the hub (nor, through it, anyone else): it is cut off
        // and catches up from the log when it reconnects with Last-Event-ID.
        Overflowed = true;
        Close();
    }

    internal void Close()
    {
        buffer.Writer.TryComplete();
        hub.Remove(this);
    }

    public void Dispose() => Close();
}
