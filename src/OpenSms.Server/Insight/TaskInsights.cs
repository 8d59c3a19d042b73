using Microsoft.Extensions.Options;
using OpenSms.Core.Insight;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Insight;

/// <summary>The extension fields ShowTask and ListTasks add for a task an agent works on.</summary>
public sealed record TaskInsight(EtaEstimate Eta, string? Health, string? Bottleneck);

/// <summary>Runs the Core insight rules over a page of tasks with one read of their recent history.</summary>
public sealed class TaskInsights(IInsightStore store, TimeProvider clock, IOptions<InsightOptions> options)
{
    readonly InsightOptions o = options.Value;
    readonly RecentSamples held = new(RecentSamples.DefaultCapacity);

    /// <summary>Keyed by task id; only tasks an agent is working on (RUNNING, SYNCING, ABORTING, SKIPPING) get one.</summary>
    public async Task<IReadOnlyDictionary<string, TaskInsight>> ForAsync(IEnumerable<TaskDetail> tasks, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = (now - o.History).ToUnixTimeMilliseconds();
        var plans = tasks.Where(d => TaskStates.IsActive(d.Task.State)).Select(d => (Plan: held.Plan(d.Task, since), d.Limits)).ToList();
        if (plans.Count == 0) return new Dictionary<string, TaskInsight>();
        // Only reports the instance does not hold yet are read; a page shown again with nothing new costs no read.
        var recent = await store.RecentAsync(plans.ConvertAll(p => p.Plan.Read), ct);
        var result = new Dictionary<string, TaskInsight>();
        foreach (var (p, limits) in plans)
            result[p.Task.Id] = Assess(p.Task, held.Merge(p, recent.GetValueOrDefault(p.Task.Id) ?? [], since), limits, now);
        return result;
    }

    /// <summary>
    /// Health and bottleneck of the active tasks marked stale, and of those time alone has changed
    /// (a silent agent is NO_REPORT whatever it sent before): the health job goes over every active
    /// task and must not read every one's history each round. It reads straight from the store
    /// rather than crowding out the pages people look at.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, (string? Health, string? Bottleneck)>> HealthAsync(
        string domainId, IEnumerable<(MigrationTask Task, bool Stale)> tasks, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = (now - o.History).ToUnixTimeMilliseconds();
        var silentFrom = SilentFrom(now.ToUnixTimeMilliseconds());
        var chosen = tasks
            .Where(p => TaskStates.IsActive(p.Task.State))
            .Select(p => (p.Task, p.Stale, Silent: (p.Task.LastReportAt ?? p.Task.StartDate) <= silentFrom))
            .Where(p => p.Silent || p.Stale)
            .ToList();
        if (chosen.Count == 0) return new Dictionary<string, (string?, string?)>();
        // Only a RUNNING or SYNCING task that is still reporting has a health its reports decide.
        var reads = chosen.ConvertAll(p => new RecentRead(p.Task.Id,
            p.Silent || p.Task.State is not (TaskStates.Running or TaskStates.Syncing) ? null : since));
        var recent = await store.RecentThinnedAsync(domainId, reads, (long)HealthSpan.TotalMilliseconds, ct);
        var result = new Dictionary<string, (string?, string?)>();
        foreach (var (t, _, _) in chosen)
        {
            if (!recent.TryGetValue(t.Id, out var r)) continue;
            var health = HealthOf(t, r.Samples, now);
            result[t.Id] = (health, BottleneckOf(t, health, r.Limits, now));
        }
        return result;
    }

    /// <summary>TaskHealth's NO_REPORT rule: a task whose last activity is at or before this (epoch ms) is silent at <paramref name="now"/>.</summary>
    public long SilentFrom(long now) => now - (long)o.NoReportAfter.TotalMilliseconds;

    /// <summary>
    /// The health job reads at most one report per task per this span, the newest. Agents report
    /// every 10 to 60 seconds, so every one of their reports is read and the answers are ShowTask's.
    /// A task reporting many times a second (a benchmark, a misconfigured agent) costs a round one
    /// read per span of its window (180 in a quarter hour) rather than every report in it; it is
    /// judged by its pace between spans, and found stalled at most one span late.
    /// </summary>
    public static readonly TimeSpan HealthSpan = TimeSpan.FromSeconds(5);

    TaskInsight Assess(MigrationTask t, IReadOnlyList<RateSample> samples, TaskSpeedLimits limits, DateTimeOffset now)
    {
        var eta = EtaEstimator.Estimate(samples, now, limits.Schedule, limits.TaskDefault, o);
        var health = HealthOf(t, samples, now);
        return new TaskInsight(eta, health, BottleneckOf(t, health, limits, now));
    }

    string? HealthOf(MigrationTask t, IReadOnlyList<RateSample> samples, DateTimeOffset now)
    {
        var lastActivity = (t.LastReportAt ?? t.StartDate) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return TaskHealth.Assess(t.State, lastActivity, samples, now, o);
    }

    string? BottleneckOf(MigrationTask t, string? health, TaskSpeedLimits limits, DateTimeOffset now)
    {
        var limit = ScheduleResolver.AtInstant(limits.Schedule, now, limits.TaskDefault);
        return Bottleneck.Find(health, new Telemetry(t.MigrateSpeed, t.TotalCpuUsage, t.AgentCpuUsage, t.TotalDiskIo), limit, o);
    }
}
