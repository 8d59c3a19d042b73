using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Core.Webhooks;
using OpenSms.Server.Auth;
using OpenSms.Server.Cluster;
using OpenSms.Server.Http;

namespace OpenSms.Server.Webhooks;

/// <summary>
/// Delivers the event log to webhooks, on one instance of the cluster at a time. Each webhook gets
/// its account's events in id order after its cursor; the cursor moves only once a try has ended
/// (delivered, or given up on), in the transaction that logs it, so a restart re-sends at most the
/// event that was in flight: at-least-once. A failed try holds that webhook back (not the others)
/// until its backoff has passed; the receiver must treat X-OpenSms-Event-Id as idempotency key.
/// </summary>
public sealed partial class WebhookWorker(
    IClusterLock cluster, IWebhookStore hooks, IEventStore events, SecretBox box, TimeProvider clock,
    IOptions<WebhookOptions> options, ILogger<WebhookWorker> log) : BackgroundService
{
    public const string LockName = "webhooks";
    const int EventsPerPage = 500;
    const int PagesPerRound = 20;

    readonly WebhookOptions o = options.Value;

    // Redirects are not followed: a receiver answers itself, and a redirect must not steer the server elsewhere.
    readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(o.PollInterval, clock);
        try
        {
            do
            {
                try
                {
                    await cluster.TryRunExclusiveAsync(LockName, RoundAsync, stoppingToken);
                }
                catch (Exception e) when (e is DbException or TimeoutException)
                {
                    LogRoundFailed(log, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        http.Dispose();
        base.Dispose();
    }

    /// <summary>One pass over every webhook that is not waiting out a backoff.</summary>
    public async Task RoundAsync(CancellationToken ct)
    {
        var due = await hooks.DueAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = ct },
            async (hook, c) => await DeliverAsync(hook, c));
    }

    async Task DeliverAsync(Webhook hook, CancellationToken ct)
    {
        if (box.Open(hook.SealedSecret) is not { } secret)
        {
            // Only a server key that changed under the database gets here; nothing can be signed.
            LogCannotOpenSecret(log, hook.Id);
            return;
        }
        var (stored, handled, attempts) = (hook.Cursor, hook.Cursor, hook.Attempts);
        // Page on while pages come back full, so a webhook that skips most events (one type out of a
        // busy log) keeps up; the cap lets the round, and the lock, end now and then.
        for (var page = 0; page < PagesPerRound; page++)
        {
            var batch = await events.ReadAfterAsync(handled, hook.DomainId, null, EventsPerPage, ct);
            foreach (var e in batch)
            {
                if (!hook.Events.Contains(e.Type))
                {
                    handled = e.Id;
                    continue;
                }
                var attempt = attempts + 1;
                var (status, error, ms) = await PostAsync(hook, secret, e, attempt, ct);
                var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
                var ok = status is >= 200 and < 300;
                if (!ok && attempt < o.MaxAttempts)
                {
                    var retryAt = at + (long)o.Backoff(attempt).TotalMilliseconds;
                    await hooks.AdvanceAsync(hook.Id, handled, attempt, retryAt,
                        new WebhookDelivery(0, hook.Id, e.Id, e.Type, attempt, status, error, ms, at, DeliveryOutcomes.Failed), ct);
                    return;
                }
                if (!ok) LogGaveUp(log, hook.Id, e.Id, attempt);
                await hooks.AdvanceAsync(hook.Id, e.Id, 0, null,
                    new WebhookDelivery(0, hook.Id, e.Id, e.Type, attempt, status, error, ms, at, ok ? DeliveryOutcomes.Delivered : DeliveryOutcomes.GaveUp), ct);
                (stored, handled, attempts) = (e.Id, e.Id, 0);
            }
            if (batch.Count < EventsPerPage) break;
        }
        if (handled != stored) await hooks.AdvanceAsync(hook.Id, handled, 0, null, null, ct);
    }

    async Task<(int? Status, string? Error, long Ms)> PostAsync(Webhook hook, string secret, TaskEvent e, int attempt, CancellationToken ct)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = e.Id, ["type"] = e.Type, ["task_id"] = e.TaskId, ["time"] = e.At, ["data"] = JsonNode.Parse(e.Data),
        }.ToJsonString(SmsJson.Default.Options));
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.UserAgent.ParseAdd("OpenSms-Webhook/1");
        request.Headers.Add(WebhookSignature.EventIdHeader, e.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-OpenSms-Event-Type", e.Type);
        request.Headers.Add("X-OpenSms-Webhook-Id", hook.Id);
        request.Headers.Add("X-OpenSms-Delivery-Attempt", attempt.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, null, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"no answer within {o.Timeout.TotalSeconds:0.###} s"), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (HttpRequestException x)
        {
            return (null, x.Message, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery round failed")]
    static partial void LogRoundFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {WebhookId}: its secret cannot be opened with this server key; nothing is delivered")]
    static partial void LogCannotOpenSecret(ILogger logger, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} gave up on event {EventId} after {Attempts} tries")]
    static partial void LogGaveUp(ILogger logger, string webhookId, long eventId, int attempts);
}
