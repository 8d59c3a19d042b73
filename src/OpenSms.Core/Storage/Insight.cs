using OpenSms.Core.Insight;

namespace OpenSms.Core.Storage;

/// <summary>A task's recent reports (oldest first) and the limits that cap its projected rate.</summary>
public sealed record TaskRecent(IReadOnlyList<RateSample> Samples, TaskSpeedLimits Limits);

/// <summary>The numeric report fields history keeps, in wire names.</summary>
public static class SampleFields
{
    public static readonly IReadOnlyList<string> Numeric =
    [
        "progress", "replicatesize", "totalsize", "migrate_speed", "compress_rate", "remain_time",
        "total_cpu_usage", "agent_cpu_usage", "total_mem_usage", "agent_mem_usage", "total_disk_io", "agent_disk_io",
    ];

    /// <summary>Those an agent may leave out (null columns); a rollup counts how many reports sent each.</summary>
    public static bool IsOptional(string field) => field is not ("progress" or "replicatesize" or "totalsize");
}

/// <summary>The reports in one bucket of time: how many, and each field's mean and peak (null when none sent it).</summary>
public sealed record SampleBucket(long Start, int Count, IReadOnlyDictionary<string, (double? Avg, double? Max)> Fields);

/// <summary>
/// Every account's tasks counted by state, and the RUNNING and SYNCING ones by the health the
/// health-event job last announced for them (a task it has not assessed yet is not counted).
/// </summary>
public sealed record TaskCensusRows(IReadOnlyDictionary<string, long> ByState, IReadOnlyDictionary<string, long> ByHealth);

/// <summary>One task of an insight read: its reports from <paramref name="Since"/> on, or none (only its limits, where those are read) when null.</summary>
public readonly record struct RecentRead(string TaskId, long? Since);

/// <summary>Reads of the report history for the insight rules and the history endpoint; never on the write path.</summary>
public interface IInsightStore
{
    /// <summary>
    /// For each read with a <see cref="RecentRead.Since"/>, the task's reports received at or after it
    /// (epoch ms), oldest first, in one round trip; a task with none is left out, and reads without a
    /// start cost nothing. The tasks are ones the caller has just read from its account (ShowTask's
    /// and ListTasks' rows, which carry their limits), so the account is not checked again.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<RateSample>>> RecentAsync(IReadOnlyList<RecentRead> reads, CancellationToken ct);

    /// <summary>
    /// For each read of a task in the account, its limits and, from the read's
    /// <see cref="RecentRead.Since"/> on (none when null), of its reports only the newest in each span
    /// of <paramref name="spanMs"/> (spans counted from the epoch): reports received at least that far
    /// apart are all kept, faster ones thinned to one a span. The cost is the spans that hold
    /// reports, however many reports each holds. Unknown ids are left out.
    /// </summary>
    Task<IReadOnlyDictionary<string, TaskRecent>> RecentThinnedAsync(string domainId, IReadOnlyList<RecentRead> reads, long spanMs, CancellationToken ct);

    /// <summary>The task's reports in [fromMs, toMs) grouped by <paramref name="stepMs"/> from <paramref name="fromMs"/>; empty buckets are left out; null when there is no such task.</summary>
    Task<IReadOnlyList<SampleBucket>?> BucketsAsync(string domainId, string taskId, long fromMs, long toMs, long stepMs, CancellationToken ct);

    /// <summary>All accounts' tasks by state and the migrating ones by announced health, for /metrics: two counts, no report history.</summary>
    Task<TaskCensusRows> CensusAsync(CancellationToken ct);
}
