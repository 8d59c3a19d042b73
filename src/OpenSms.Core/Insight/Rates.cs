namespace OpenSms.Core.Insight;

/// <summary>Byte rates between consecutive reports, and the order statistics taken of them.</summary>
public static class Rates
{
    /// <summary>
    /// Bytes per second between each pair of consecutive samples (oldest first), the newest
    /// <paramref name="window"/> of them. A pair where replicatesize went back (a new subtask starts
    /// counting again) or no time passed says nothing about speed and is skipped.
    /// </summary>
    public static List<double> Between(IReadOnlyList<RateSample> samples, int window)
    {
        var rates = new double[Math.Min(window, Math.Max(0, samples.Count - 1))];
        return [.. rates.AsSpan(0, Between(samples, rates))];
    }

    /// <summary>
    /// <see cref="Between(IReadOnlyList{RateSample}, int)"/> into <paramref name="rates"/>, whose
    /// length is the window: how many it holds, oldest first. A page shows a hundred tasks, each
    /// with two rules reading its rates; a buffer on the stack spares the heap those lists.
    /// </summary>
    public static int Between(IReadOnlyList<RateSample> samples, Span<double> rates)
    {
        // From the newest pair back, so a long history costs no more than the window.
        var n = 0;
        for (var i = samples.Count - 1; i > 0 && n < rates.Length; i--)
        {
            var (newer, older) = (samples[i], samples[i - 1]);
            var seconds = (newer.At - older.At).TotalSeconds;
            var bytes = newer.Replicated - older.Replicated;
            if (seconds > 0 && bytes >= 0) rates[n++] = bytes / seconds;
        }
        rates[..n].Reverse();
        return n;
    }

    /// <summary>Exponentially weighted mean, oldest first, seeded with the first value.</summary>
    public static double Ewma(ReadOnlySpan<double> values, double alpha)
    {
        var mean = values[0];
        for (var i = 1; i < values.Length; i++) mean = (alpha * values[i]) + ((1 - alpha) * mean);
        return mean;
    }

    /// <summary>Linear interpolation between closest ranks; <paramref name="q"/> in [0, 1].</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return PercentileOfSorted(sorted, q);
    }

    /// <summary>
    /// <see cref="Percentile"/> of values already in ascending order: a page of tasks takes three
    /// order statistics of each task's rates, and sorting them once instead of thrice is most of their cost.
    /// </summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double q)
    {
        var rank = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((rank - lo) * (sorted[hi] - sorted[lo]));
    }
}
