using System.Threading.Channels;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Storage;
using OpenSms.Server.Metrics;

namespace OpenSms.Server.Ingest;

/// <summary>
/// Group commit: every progress report goes through one writer that commits whatever has queued up
/// in a single transaction, and each request completes only when its own transaction is durable.
/// </summary>
public sealed class ProgressWriter(IProgressStore store, OpenSmsMetrics metrics, ILogger<ProgressWriter> log) : BackgroundService
{
    const int MaxBatch = 512;

    readonly Channel<Pending> queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(16 * MaxBatch) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    sealed class Pending(ProgressReport report)
    {
        public ProgressReport Report { get; } = report;
        public TaskCompletionSource<ProgressResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<ProgressResult> SubmitAsync(ProgressReport report, CancellationToken ct)
    {
        var pending = new Pending(report);
        try
        {
            await queue.Writer.WriteAsync(pending, ct);
        }
        catch (ChannelClosedException)
        {
            return new ProgressResult(ProgressStatus.StorageUnavailable);
        }
        // Once queued the report is committed even if the client goes away, so wait without its token.
        return await pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        // Drains until the queue is completed at shutdown, so nothing queued is dropped.
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var p)) batch.Add(p);
            await CommitAsync(batch);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            var results = await store.ApplyAsync(batch.ConvertAll(p => p.Report), CancellationToken.None);
            metrics.Committed(batch.Count);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            return;
        }
        catch (Exception e) when (StorageFaults.IsOutage(e))
        {
            // Retrying each report alone would only meet the same outage once per report, and
            // whatever queued up meanwhile would wait for all of that: refuse them all now (503),
            // the agents send again. Nothing of a failed transaction was committed.
            var refused = Refuse(batch);
            while (queue.Reader.TryRead(out var p)) refused += Refuse([p]);
            log.LogWarning(e, "Storage unavailable: {Count} progress reports refused", refused);
            return;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            log.LogWarning(e, "Progress batch of {Count} failed; retrying each report on its own", batch.Count);
        }
        catch (Exception e)
        {
            log.LogError(e, "Progress report for task {TaskId} could not be stored", batch[0].Report.TaskId);
            batch[0].Done.TrySetResult(new ProgressResult(ProgressStatus.StorageUnavailable));
            return;
        }
        // One bad report (or a passing fault) must not fail its neighbours: commit each alone.
        foreach (var p in batch) await CommitAsync([p]);
    }

    static int Refuse(List<Pending> pending)
    {
        foreach (var p in pending) p.Done.TrySetResult(new ProgressResult(ProgressStatus.StorageUnavailable));
        return pending.Count;
    }
}
