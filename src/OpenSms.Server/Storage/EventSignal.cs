using System.Threading.Channels;

namespace OpenSms.Server.Storage;

/// <summary>
/// "New events committed": raised by a writer after its commit (and, on PostgreSQL, by NOTIFY from
/// any instance), awaited by the event hub. Raises coalesce; a raise is never lost, only merged.
/// </summary>
public sealed class EventSignal
{
    readonly Channel<bool> raised = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Raise() => raised.Writer.TryWrite(true);

    /// <summary>Waits for a raise or <paramref name="timeout"/>, whichever comes first, and consumes the raise.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await raised.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }
}
