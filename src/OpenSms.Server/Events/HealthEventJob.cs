using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Server.Cluster;
using OpenSms.Server.Insight;
using OpenSms.Server.Metrics;
using OpenSms.Server.Storage;

namespace OpenSms.Server.Events;

/// <summary>
/// Health changes without anyone writing: a silent agent turns NO_REPORT because time passes. So
/// a cluster-wide job (one instance at a time, under the cluster lock) assesses every active task
/// with the same rules as ShowTask and writes a health event where the result differs from the
/// one last announced.
/// </summary>
public sealed partial class HealthEventJob(
    IClusterLock cluster, ITaskHealthStore store, TaskInsights insights, EventSignal signal, TimeProvider clock,
    IOptions<EventOptions> options, OpenSmsMetrics metrics, ILogger<HealthEventJob> log) : BackgroundService
{
    public const string LockName = "health-events";
    const int Page = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HealthIntervalSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is DbException or TimeoutException)
                {
                    // The next round assesses again from the tasks' rows; nothing is lost by waiting.
                    LogFailed(log, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round, unless another instance is running one; false when skipped.</summary>
    public Task<bool> RunOnceAsync(CancellationToken ct) => cluster.TryRunExclusiveAsync(LockName, AssessAsync, ct);

    // A task that has not reported since the previous round began (give or take a batch committing
    // late, or instances' clocks a little apart) and whose announced health time alone cannot change
    // keeps it. Its window of reports slides meanwhile, which could move a SLOW verdict; that waits for
    // its next report. The previous round is the database's, so a restarted instance, or another one
    // taking the job over, goes on from it; only the first round on a database reads every active task.
    const long LateCommitMs = 60_000;

    async Task AssessAsync(CancellationToken ct)
    {
        var began = Stopwatch.GetTimestamp();
        await store.ForgetInactiveAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var reportedSince = await store.LastRoundAsync(ct) - LateCommitMs;
        var unsettled = reportedSince is { } since ? new UnsettledHealth(since, insights.SilentFrom(now)) : null;
        bool Stale(PublishedHealth p) => reportedSince is not { } from || p.Health is null || (p.Task.LastReportAt ?? p.Task.StartDate) >= from;
        var after = "";
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await store.ListActiveAsync(after, Page, unsettled, ct);
            var changes = new List<HealthChange>();
            foreach (var account in page.GroupBy(p => p.Task.DomainId))
            {
                var assessed = await insights.HealthAsync(account.Key, account.Select(p => (p.Task, Stale(p))), ct);
                foreach (var p in account)
                {
                    if (!assessed.TryGetValue(p.Task.Id, out var current)) continue;
                    var (health, bottleneck) = current;
                    if (health != p.Health || bottleneck != p.Bottleneck)
                        changes.Add(new HealthChange(account.Key, p.Task.Id, now, health, bottleneck, p.Health, p.Bottleneck));
                }
            }
            if (changes.Count > 0 && await store.PublishAsync(changes, ct) > 0) signal.Raise();
            if (page.Count < Page) break;
            after = page[^1].Task.Id;
            // A full round (every active task's history, on a new database) is work in the background:
            // resting as long as each page took leaves requests at least half of the time.
            await Task.Delay(Stopwatch.GetElapsedTime(started), ct);
        }
        await store.RecordRoundAsync(now, ct);
        metrics.HealthRound(Stopwatch.GetElapsedTime(began), full: reportedSince is null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health event round failed")]
    static partial void LogFailed(ILogger logger, Exception e);
}
