using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Server.Insight;
using OpenSms.Server.Webhooks;

namespace OpenSms.Server.Cluster;

/// <summary>How long the audit log keeps an entry (<c>OpenSms:Audit</c>, docs/configuration.md).</summary>
public sealed class AuditSettings
{
    public const string Section = "OpenSms:Audit";

    [Range(1, 36500)] public int RetentionDays { get; set; } = 180;
}

/// <summary>
/// Hourly housekeeping for the whole cluster: forgets revoked tokens that have expired anyway (a
/// token past its expiry is refused for that reason alone) and audit entries older than the
/// retention, rolls up and ages out report history, and forgets old webhook delivery log rows. It
/// runs under the cluster lock, so with many instances it runs once an hour, not once per instance.
/// </summary>
public sealed partial class RetentionJob(
    IClusterLock cluster, IRevocationStore revocations, IIamStore iam, IOptions<AuditSettings> audit,
    SampleRetention samples, IWebhookStore webhooks, IOptions<WebhookOptions> webhookOptions,
    TimeProvider clock, ILogger<RetentionJob> log)
    : BackgroundService
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

    /// <summary>One round, without the lock (the tests run it directly).</summary>
    public async Task PurgeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var purged = await revocations.PurgeExpiredAsync(now.ToUnixTimeMilliseconds(), ct);
        if (purged > 0) LogPurged(log, purged);
        var pruned = await iam.PruneAuditAsync(now.AddDays(-audit.Value.RetentionDays).ToUnixTimeMilliseconds(), ct);
        if (pruned > 0) LogPruned(log, pruned, audit.Value.RetentionDays);
        await samples.RunAsync(ct);
        await webhooks.PruneDeliveriesAsync(now.Add(-webhookOptions.Value.DeliveryLog).ToUnixTimeMilliseconds(), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} expired revoked tokens")]
    static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} audit entries older than {Days} days")]
    static partial void LogPruned(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention round failed")]
    static partial void LogFailed(ILogger logger, Exception e);
}
