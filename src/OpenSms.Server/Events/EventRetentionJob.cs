using System.Data.Common;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Events;

/// <summary>
/// Deletes events past their retention, once for the whole cluster (under the cluster lock). Its
/// own job rather than a part of RetentionJob: the event log's pace (minutes) is not the hourly one.
/// </summary>
public sealed partial class EventRetentionJob(
    IClusterLock cluster, IEventStore events, TimeProvider clock, IOptions<EventOptions> options, ILogger<EventRetentionJob> log)
    : BackgroundService
{
    public const string LockName = "event-retention";
    readonly EventOptions o = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.PruneIntervalSeconds), clock);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is DbException or TimeoutException)
                {
                    LogFailed(log, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round, unless another instance is running one; false when skipped.</summary>
    public Task<bool> RunOnceAsync(CancellationToken ct) => cluster.TryRunExclusiveAsync(LockName, async token =>
    {
        var cutOff = clock.GetUtcNow().ToUnixTimeMilliseconds() - (o.RetentionSeconds * 1000L);
        var deleted = await events.DeleteBeforeAsync(cutOff, token);
        if (deleted > 0) LogPruned(log, deleted);
    }, ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} events past their retention")]
    static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event retention round failed")]
    static partial void LogFailed(ILogger logger, Exception e);
}
