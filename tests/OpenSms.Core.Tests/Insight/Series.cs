using OpenSms.Core.Insight;

namespace OpenSms.Core.Tests.Insight;

/// <summary>Recorded report series written compactly: one report every <c>step</c> seconds.</summary>
static class Series
{
    public const long MB = 1_000_000;

    // Monday 2026-03-02 21:00 UTC.
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 21, 0, 0, TimeSpan.Zero);

    /// <summary>Reports <paramref name="step"/> seconds apart whose byte counts grow by each rate (MB/s) in turn.</summary>
    public static List<RateSample> FromRates(long total, int step, params double[] ratesMBps)
    {
        var samples = new List<RateSample> { new(Start, 0, total) };
        foreach (var rate in ratesMBps)
        {
            var last = samples[^1];
            samples.Add(new(last.At.AddSeconds(step), last.Replicated + (long)(rate * MB * step), total));
        }
        return samples;
    }

    /// <summary><paramref name="count"/> reports <paramref name="step"/> seconds apart that all look the same.</summary>
    public static List<RateSample> Flat(int count, int step, long replicated = 500 * MB, string subtask = "MIGRATE_LINUX_FILE", int progress = 50) =>
        Enumerable.Range(0, count).Select(i => new RateSample(Start.AddSeconds(i * step), replicated, 1000 * MB, 10, subtask, progress)).ToList();

    /// <summary>Moves the series so its newest report has <paramref name="left"/> bytes to go.</summary>
    public static List<RateSample> Leaving(this List<RateSample> samples, long left)
    {
        var total = samples[^1].Replicated + left;
        return samples.ConvertAll(s => s with { Total = total });
    }
}
