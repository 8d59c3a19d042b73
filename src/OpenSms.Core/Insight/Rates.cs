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
        var rates = new List<double>();
        for (var i = 1; i < samples.Count; i++)
        {
            var seconds = (samples[i].At - samples[i - 1].At).TotalSeconds;
            var bytes = samples[i].Replicated - samples[i - 1].Replicated;
            if (seconds > 0 && bytes >= 0) rates.Add(bytes / seconds);
        }
        return rates.Count > window ? rates.GetRange(rates.Count - window, window) : rates;
    }

    /// <summary>Exponentially weighted mean, oldest first, seeded with the first value.</summary>
    public static double Ewma(IReadOnlyList<double> values, double alpha)
    {
        var mean = values[0];
        for (var i = 1; i < values.Count; i++) mean = (alpha * values[i]) + ((1 - alpha) * mean);
        return mean;
    }

    /// <summary>Linear interpolation between closest ranks; <paramref name="q"/> in [0, 1].</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var rank = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((rank - lo) * (sorted[hi] - sorted[lo]));
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);
}
