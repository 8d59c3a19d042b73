using System.Threading.Channels;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Metrics;
using OpenSms.Server.Storage;

namespace OpenSms.Server.Ingest;

/// <summary>
/// Group commit: every progress report goes through a writer that commits whatever has queued up
/// in a single transaction, and each request completes only when its own transaction is durable.
/// Where the store allows batches at once, reports are split into lanes by task, each with its own
/// queue and batches: a task's reports stay in order and two lanes never wait on each other's rows.
/// Where the store commits first and flushes to disk after (SyncsAfterCommit), a second loop per
/// lane does the flushing, so the next batch is applied while the disk works; a report is still
/// answered only once a flush that began after its commit has finished.
/// </summary>
public sealed class ProgressWriter(IProgressStore store, OpenSmsMetrics metrics, ILogger<ProgressWriter> log) : BackgroundService
{
    const int MaxBatch = 512;

    readonly IProgressStore store = store;

    readonly Channel<Pending>[] lanes = [.. Enumerable.Range(0, Math.Max(1, store.ConcurrentBatches)).Select(_ =>
        Channel.CreateBounded<Pending>(new BoundedChannelOptions(16 * MaxBatch) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }))];

    /// <summary>A queued report and its answer, in one object: one allocation per report on the hot path.</summary>
    sealed class Pending(ProgressReport report) : TaskCompletionSource<ProgressResult>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public ProgressReport Report { get; } = report;
    }

    public Task<ProgressResult> SubmitAsync(ProgressReport report, CancellationToken ct)
    {
        var pending = new Pending(report);
        var lane = lanes[(uint)StringComparer.Ordinal.GetHashCode(report.TaskId) % (uint)lanes.Length];
        // Once queued the report is committed even if the client goes away, so its answer is awaited without the token.
        return lane.Writer.TryWrite(pending) ? pending.Task : QueueAsync(lane.Writer, pending, ct);
    }

    /// <summary>When the lane is full (or closed at shutdown): wait for room.</summary>
    static async Task<ProgressResult> QueueAsync(ChannelWriter<Pending> lane, Pending pending, CancellationToken ct)
    {
        try
        {
            await lane.WriteAsync(pending, ct);
        }
        catch (ChannelClosedException)
        {
            return new ProgressResult(ProgressStatus.StorageUnavailable);
        }
        return await pending.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(lanes.Select(lane => Task.Run(() => DrainAsync(lane.Reader), CancellationToken.None)));

    async Task DrainAsync(ChannelReader<Pending> queue)
    {
        var committed = store.SyncsAfterCommit
            ? Channel.CreateUnbounded<Committed>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })
            : null;
        var syncing = committed is null ? Task.CompletedTask : Task.Run(() => SyncAsync(committed.Reader), CancellationToken.None);
        var batch = new List<Pending>(MaxBatch);
        // Drains until the queue is completed at shutdown, so nothing queued is dropped.
        while (await queue.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.TryRead(out var p)) batch.Add(p);
            await CommitAsync(batch, queue, committed?.Writer);
        }
        committed?.Writer.Complete();
        await syncing;
    }

    sealed record Committed(Pending[] Batch, IReadOnlyList<ProgressResult> Results);

    /// <summary>
    /// Every batch read here was committed before the flush starts, so one flush makes all of them
    /// durable; batches committed during it wait for the next.
    /// </summary>
    async Task SyncAsync(ChannelReader<Committed> committed)
    {
        var ready = new List<Committed>();
        while (await committed.WaitToReadAsync(CancellationToken.None))
        {
            ready.Clear();
            while (committed.TryRead(out var c)) ready.Add(c);
            bool durable;
            try
            {
                await store.SyncAsync(CancellationToken.None);
                durable = true;
            }
            catch (Exception e)
            {
                // Committed but not known to be on disk: not acknowledged (the agents send again).
                log.LogError(e, "Flushing committed progress reports failed; {Count} batches refused", ready.Count);
                durable = false;
            }
            foreach (var c in ready)
                for (var i = 0; i < c.Batch.Length; i++)
                    c.Batch[i].TrySetResult(durable ? c.Results[i] : new ProgressResult(ProgressStatus.StorageUnavailable));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var lane in lanes) lane.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    async Task CommitAsync(List<Pending> batch, ChannelReader<Pending> queue, ChannelWriter<Committed>? committed)
    {
        try
        {
            var results = await store.ApplyAsync(batch.ConvertAll(p => p.Report), CancellationToken.None);
            metrics.Committed(batch.Count);
            if (committed is not null) committed.TryWrite(new Committed([.. batch], results));
            else for (var i = 0; i < batch.Count; i++) batch[i].TrySetResult(results[i]);
            return;
        }
        catch (Exception e) when (StorageFaults.IsOutage(e))
        {
            // Retrying each report alone would only meet the same outage once per report, and
            // whatever queued up meanwhile would wait for all of that: refuse them all now (503),
            // the agents send again. Nothing of a failed transaction was committed.
            var refused = Refuse(batch);
            while (queue.TryRead(out var p)) refused += Refuse([p]);
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
            batch[0].TrySetResult(new ProgressResult(ProgressStatus.StorageUnavailable));
            return;
        }
        // One bad report (or a passing fault) must not fail its neighbours: commit each alone.
        foreach (var p in batch) await CommitAsync([p], queue, committed);
    }

    static int Refuse(List<Pending> pending)
    {
        foreach (var p in pending) p.TrySetResult(new ProgressResult(ProgressStatus.StorageUnavailable));
        return pending.Count;
    }
}
