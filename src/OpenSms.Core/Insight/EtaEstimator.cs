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

        Span<double> rates = options.RateWindow <= 256 ? stackalloc double[options.RateWindow] : new double[options.RateWindow];
        rates = rates[..Rates.Between(samples, rates)];
        if (rates.Length >= options.MinIntervals)
        {
            var ewma = Rates.Ewma(rates, options.EwmaAlpha);
            // Sorted in place, once, for the median and the band's two ends.
            rates.Sort();
            var best = Project((ewma + Rates.PercentileOfSorted(rates, 0.5)) / 2);
            // The fast end of the band comes from the fast rates; the band always holds the best guess.
            var p10 = Project(Rates.PercentileOfSorted(rates, 0.9));
            var p90 = Project(Rates.PercentileOfSorted(rates, 0.1));
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
