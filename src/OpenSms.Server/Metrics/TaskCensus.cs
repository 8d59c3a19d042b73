using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Metrics;

/// <summary>
/// Tasks by state and by health for the gauges. A scrape reads the last count; when that count is
/// older than <see cref="MetricsOptions.CensusSeconds"/> it starts one recount in the background,
/// so however often Prometheus scrapes the database sees at most one census per period. Only a
/// scrape with no count at all yet waits (briefly) for one, so that the first does not come back empty.
/// </summary>
public sealed partial class TaskCensus(IInsightStore store, TimeProvider clock, IOptions<MetricsOptions> options, ILogger<TaskCensus> log)
{
    static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(2);

    readonly Lock gate = new();
    Snapshot? last;
    Task? running;

    sealed record Snapshot(DateTimeOffset At, Measurement<long>[] ByState, Measurement<long>[] ByHealth);

    public IEnumerable<Measurement<long>> ByState() => Current()?.ByState ?? [];

    public IEnumerable<Measurement<long>> ByHealth() => Current()?.ByHealth ?? [];

    Snapshot? Current()
    {
        Task? refresh;
        lock (gate)
        {
            var stale = last is null || clock.GetUtcNow() - last.At >= TimeSpan.FromSeconds(options.Value.CensusSeconds);
            if (stale && running is null) running = Task.Run(RefreshAsync);
            refresh = running;
            if (last is not null) return last;
        }
        // Gauges are observed synchronously; the wait is bounded.
        refresh?.Wait(FirstWait);
        lock (gate) return last;
    }

    async Task RefreshAsync()
    {
        try
        {
            var now = clock.GetUtcNow();
            var census = await store.CensusAsync(CancellationToken.None);
            var snapshot = new Snapshot(now,
                census.ByState.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("state", p.Key))).ToArray(),
                census.ByHealth.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("health", p.Key))).ToArray());
            lock (gate) last = snapshot;
        }
        catch (Exception e)
        {
            // A failed count keeps the previous one; the next stale scrape tries again.
            LogFailed(log, e);
        }
        finally
        {
            lock (gate) running = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting tasks for /metrics failed")]
    static partial void LogFailed(ILogger logger, Exception e);
}
