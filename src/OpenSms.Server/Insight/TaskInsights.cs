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

    /// <summary>Keyed by task id; only tasks an agent is working on (RUNNING, SYNCING, ABORTING, SKIPPING) get one.</summary>
    public Task<IReadOnlyDictionary<string, TaskInsight>> ForAsync(string domainId, IEnumerable<TaskDetail> tasks, CancellationToken ct) =>
        ForTasksAsync(domainId, tasks.Select(d => d.Task), ct);

    /// <summary>As <see cref="ForAsync"/>, from the task rows alone (the health job has no subtasks or sources).</summary>
    public async Task<IReadOnlyDictionary<string, TaskInsight>> ForTasksAsync(string domainId, IEnumerable<MigrationTask> tasks, CancellationToken ct)
    {
        var active = tasks.Where(t => TaskStates.IsActive(t.State)).ToList();
        if (active.Count == 0) return new Dictionary<string, TaskInsight>();
        var now = clock.GetUtcNow();
        var recent = await store.RecentAsync(domainId, active.ConvertAll(t => t.Id), (now - o.History).ToUnixTimeMilliseconds(), ct);
        var result = new Dictionary<string, TaskInsight>();
        foreach (var t in active)
        {
            if (!recent.TryGetValue(t.Id, out var r)) continue;
            result[t.Id] = Assess(t, r, now);
        }
        return result;
    }

    TaskInsight Assess(MigrationTask t, TaskRecent r, DateTimeOffset now)
    {
        var (schedule, taskDefault) = (r.Limits.Schedule, r.Limits.TaskDefault);
        var eta = EtaEstimator.Estimate(r.Samples, now, schedule, taskDefault, o);
        var lastActivity = (t.LastReportAt ?? t.StartDate) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        var health = TaskHealth.Assess(t.State, lastActivity, r.Samples, now, o);
        var limit = ScheduleResolver.AtInstant(schedule, now, taskDefault);
        var bottleneck = Bottleneck.Find(health, new Telemetry(t.MigrateSpeed, t.TotalCpuUsage, t.AgentCpuUsage, t.TotalDiskIo), limit, o);
        return new TaskInsight(eta, health, bottleneck);
    }
}
