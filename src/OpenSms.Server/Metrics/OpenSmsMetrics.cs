using System.Diagnostics.Metrics;

namespace OpenSms.Server.Metrics;

/// <summary>
/// The server's own instruments (meter <c>OpenSms</c>), exported on <c>/metrics</c> (docs/operations.md).
/// Tags stay low-cardinality on purpose: an error code or a state, never a task or account id.
/// </summary>
public sealed class OpenSmsMetrics
{
    public const string MeterName = "OpenSms";

    readonly Counter<long> accepted;
    readonly Counter<long> rejected;
    readonly Histogram<int> batchSize;
    readonly UpDownCounter<long> sseSubscribers;

    public OpenSmsMetrics(IMeterFactory meters, TaskCensus census)
    {
        // From the host's factory, not a static Meter: each host (and each test server) counts only its own.
        var meter = meters.Create(MeterName);
        accepted = meter.CreateCounter<long>("opensms.progress.accepted", "{report}", "Progress reports stored");
        rejected = meter.CreateCounter<long>("opensms.progress.rejected", "{report}", "Progress reports refused, by error_code");
        batchSize = meter.CreateHistogram<int>("opensms.ingest.batch_size", "{report}", "Progress reports committed per group-commit transaction",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
        sseSubscribers = meter.CreateUpDownCounter<long>("opensms.sse.subscribers", "{connection}", "Open event-stream connections");
        meter.CreateObservableGauge("opensms.tasks", census.ByState, "{task}", "Tasks by state, all accounts");
        meter.CreateObservableGauge("opensms.tasks.health", census.ByHealth, "{task}", "RUNNING and SYNCING tasks by health, all accounts");
    }

    public void Accepted() => accepted.Add(1);

    public void Rejected(string errorCode) => rejected.Add(1, new KeyValuePair<string, object?>("error_code", errorCode));

    public void Committed(int reports) => batchSize.Record(reports);

    /// <summary>The SSE hub calls this when a stream opens …</summary>
    public void SseSubscribed() => sseSubscribers.Add(1);

    /// <summary>… and this when it closes, however it ends.</summary>
    public void SseUnsubscribed() => sseSubscribers.Add(-1);
}
