using System.Runtime.InteropServices;
using OpenSms.Core.SpeedLimits;

namespace OpenSms.Core.Insight;

/// <summary>
/// The time left from a task's recent reports: a smoothed observed byte rate (the mean of an EWMA,
/// quick to follow a change, and the window's median, deaf to single spikes), capped by the
/// speed-limit schedule ahead, applied to the bytes still to go.
/// </summary>
public static class EtaEstimator
{
    /// <summary>Seconds left for <paramref name="samples"/>, the task's recent reports oldest first.</summary>
    public static EtaEstimate Estimate(IReadOnlyList<RateSample> samples, DateTimeOffset now, SpeedSchedule schedule,
        TaskSpeedDefault taskDefault, InsightOptions options)
    {
        if (samples.Count == 0 || samples[^1].Total <= 0) return EtaEstimate.Unknown;
        var latest = samples[^1];
        var left = Math.Max(0, latest.Total - latest.Replicated);
        double? Project(double rate) => ScheduledTransfer.Seconds(left, rate, schedule, taskDefault, now);

        var rates = Rates.Between(samples, options.RateWindow);
        if (rates.Count >= options.MinIntervals)
        {
            var ewma = Rates.Ewma(rates, options.EwmaAlpha);
            // Sorted once on the stack (the window is small) for the median and the band's two ends.
            Span<double> sorted = rates.Count <= 256 ? stackalloc double[rates.Count] : new double[rates.Count];
            CollectionsMarshal.AsSpan(rates).CopyTo(sorted);
            sorted.Sort();
            var best = Project((ewma + Rates.PercentileOfSorted(sorted, 0.5)) / 2);
            // The fast end of the band comes from the fast rates; the band always holds the best guess.
            var p10 = Project(Rates.PercentileOfSorted(sorted, 0.9));
            var p90 = Project(Rates.PercentileOfSorted(sorted, 0.1));
            if (best is { } b)
            {
                p10 = Math.Min(p10 ?? b, b);
                p90 = p90 is { } slow ? Math.Max(slow, b) : null;
            }
            return new(Round(best), Round(p10), Round(p90), EtaBasis.ObservedRate);
        }
        if (latest.SpeedMbps is { } mbps && mbps > 0 && Project(mbps * ScheduledTransfer.BytesPerSecondPerMbps) is { } seconds)
        {
            // One figure from the agent carries no spread: the band is the point.
            var s = Round(seconds);
            return new(s, s, s, EtaBasis.AgentSpeed);
        }
        return left == 0 ? new(0, 0, 0, EtaBasis.ObservedRate) : EtaEstimate.Unknown;
    }

    static long? Round(double? seconds) => seconds is { } s ? (long)Math.Ceiling(s) : null;
}
