using System.Data.Common;
using OpenSms.Core.Storage;
using Microsoft.Extensions.Options;
using OpenSms.Server.Insight;
using OpenSms.Server.Webhooks;

namespace OpenSms.Server.Cluster;

/// <summary>
/// Hourly housekeeping for the whole cluster: forgets revoked tokens that have expired anyway (a
/// token past its expiry is refused for that reason alone), rolls up and ages out report
/// history, and forgets old webhook delivery log rows. It runs under the cluster lock, so with
/// many instances it runs once an hour, not once per instance.
/// </summary>
public sealed partial class RetentionJob(IClusterLock cluster, IRevocationStore revocations, SampleRetention samples, IWebhookStore webhooks, IOptions<WebhookOptions> webhookOptions, TimeProvider clock, ILogger<RetentionJob> log) : BackgroundService
{
    public const string LockName = "retention";
    static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                try
                {
                    await cluster.TryRunExclusiveAsync(LockName, PurgeAsync, stoppingToken);
                }
                catch (Exception e) when (e is DbException or TimeoutException)
                {
                    // The next round tries again; nothing is lost by waiting.
                    LogFailed(log, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task PurgeAsync(CancellationToken ct)
    {
        var purged = await revocations.PurgeExpiredAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        if (purged > 0) LogPurged(log, purged);
        await samples.RunAsync(ct);
        await webhooks.PruneDeliveriesAsync(clock.GetUtcNow().Add(-webhookOptions.Value.DeliveryLog).ToUnixTimeMilliseconds(), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} expired revoked tokens")]
    static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention round failed")]
    static partial void LogFailed(ILogger logger, Exception e);
}
