using OpenSms.Core.Tasks;

namespace OpenSms.Core.Insight;

/// <summary>Whether a migrating task is moving, in the spirit of Azure's progress health.</summary>
public static class TaskHealth
{
    public const string Ok = "OK";
    public const string Slow = "SLOW";
    public const string NoProgress = "NO_PROGRESS";
    public const string NoReport = "NO_REPORT";

    /// <summary>
    /// The health of a RUNNING or SYNCING task; null for any other state, where nothing should be
    /// moving. The first rule that holds wins: NO_REPORT, NO_PROGRESS, SLOW, else OK.
    /// <paramref name="lastActivity"/> is the newest report's receive time, or the task's start when
    /// none came yet; <paramref name="samples"/> are the task's recent reports, oldest first.
    /// </summary>
    public static string? Assess(string state, DateTimeOffset? lastActivity, IReadOnlyList<RateSample> samples,
        DateTimeOffset now, InsightOptions options)
    {
        if (state is not (TaskStates.Running or TaskStates.Syncing)) return null;
        if (lastActivity is { } seen && now - seen >= options.NoReportAfter) return NoReport;
        if (samples.Count == 0) return Ok;
        if (now - UnchangedSince(samples) >= options.NoProgressAfter) return NoProgress;
        return IsSlow(samples, options) ? Slow : Ok;
    }

    // The oldest report of the newest run with the same bytes, subtask and percent: a non-data subtask
    // whose percent moves is progressing even though no bytes do.
    static DateTimeOffset UnchangedSince(IReadOnlyList<RateSample> samples)
    {
        var latest = samples[^1];
        var i = samples.Count - 1;
        while (i > 0 && samples[i - 1].Replicated == latest.Replicated &&
               samples[i - 1].Progress == latest.Progress && samples[i - 1].Subtask == latest.Subtask)
            i--;
        return samples[i].At;
    }

    static bool IsSlow(IReadOnlyList<RateSample> samples, InsightOptions options)
    {
        Span<double> rates = options.RateWindow <= 256 ? stackalloc double[options.RateWindow] : new double[options.RateWindow];
        rates = rates[..Rates.Between(samples, rates)];
        if (rates.Length < options.SlowMinIntervals) return false;
        var recent = 0.0;
        foreach (var rate in rates[^options.RecentIntervals..]) recent += rate;
        recent /= options.RecentIntervals;
        rates.Sort();
        var median = Rates.PercentileOfSorted(rates, 0.5);
        if (median <= 0) return false;
        return recent < options.SlowFraction * median;
    }
}
