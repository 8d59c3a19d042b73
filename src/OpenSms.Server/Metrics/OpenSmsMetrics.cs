using System.Diagnostics.Metrics;
using OpenSms.Server.Events;

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
    readonly Histogram<double> healthRound;

    public OpenSmsMetrics(IMeterFactory meters, TaskCensus census, EventHub events)
    {
        // From the host's factory, not a static Meter: each host (and each test server) counts only its own.
        var meter = meters.Create(MeterName);
        accepted = meter.CreateCounter<long>("opensms.progress.accepted", "{report}", "Progress reports stored");
        rejected = meter.CreateCounter<long>("opensms.progress.rejected", "{report}", "Progress reports refused, by error_code");
        batchSize = meter.CreateHistogram<int>("opensms.ingest.batch_size", "{report}", "Progress reports committed per group-commit transaction",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
        healthRound = meter.CreateHistogram<double>("opensms.health.round.duration", "s",
            "Rounds of the health-event job on this instance: full (every active task, the first on a database) or incremental",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600] });
        // Read from the hub when scraped: the hub already keeps the list, so the stream path pays nothing.
        meter.CreateObservableGauge("opensms.sse.subscribers", () => events.SubscriberCount, "{connection}", "Open event streams on this instance");
        meter.CreateObservableGauge("opensms.tasks", census.ByState, "{task}", "Tasks by state, all accounts");
        meter.CreateObservableGauge("opensms.tasks.health", census.ByHealth, "{task}", "RUNNING and SYNCING tasks by health, all accounts");
    }

    public void Accepted() => accepted.Add(1);

    public void Rejected(string errorCode) => rejected.Add(1, new KeyValuePair<string, object?>("error_code", errorCode));

    public void Committed(int reports) => batchSize.Record(reports);

    public void HealthRound(TimeSpan took, bool full) =>
        healthRound.Record(took.TotalSeconds, new KeyValuePair<string, object?>("kind", full ? "full" : "incremental"));
}
