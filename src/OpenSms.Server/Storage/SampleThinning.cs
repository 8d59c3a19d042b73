using OpenSms.Core.Insight;

namespace OpenSms.Server.Storage;

/// <summary>The health job's view of a task's window: the newest report of each span (IInsightStore.RecentThinnedAsync).</summary>
static class SampleThinning
{
    /// <summary>
    /// Past this many reports in a window a task is read span by span in SQL; up to it, whole and
    /// thinned in memory. A quarter hour holds 180 spans of 5 s; an agent reporting every 10 to 60
    /// seconds sends 15 to 90 reports in it.
    /// </summary>
    public const int DenseAfter = 256;

    /// <summary>Of <paramref name="oldestFirst"/>, the newest in each span of <paramref name="spanMs"/> counted from the epoch, oldest first.</summary>
    public static List<RateSample> NewestPerSpan(List<RateSample> oldestFirst, long spanMs)
    {
        var kept = new List<RateSample>(oldestFirst.Count);
        for (var i = 0; i < oldestFirst.Count; i++)
            if (i == oldestFirst.Count - 1 || SpanOf(oldestFirst[i + 1], spanMs) != SpanOf(oldestFirst[i], spanMs)) kept.Add(oldestFirst[i]);
        return kept;
    }

    static long SpanOf(RateSample sample, long spanMs) => sample.At.ToUnixTimeMilliseconds() / spanMs;
}
