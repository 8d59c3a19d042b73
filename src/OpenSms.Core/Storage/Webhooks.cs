namespace OpenSms.Core.Storage;

/// <summary>
/// An account's subscription to its event log. <see cref="Cursor"/> is the id of the last event
/// handled (delivered, given up on, or not of a subscribed type); <see cref="Attempts"/> counts the
/// failed tries of the event after it, and <see cref="NextAttemptAt"/> holds the next try back.
/// </summary>
public sealed record Webhook
{
    public required string Id { get; init; }
    public required string DomainId { get; init; }
    public required string Url { get; init; }
    public required IReadOnlyList<string> Events { get; init; }
    /// <summary>The signing secret, sealed with the server key; it never leaves the server again.</summary>
    public required string SealedSecret { get; init; }
    public required long CreatedAt { get; init; }
    public long Cursor { get; init; }
    public int Attempts { get; init; }
    public long? NextAttemptAt { get; init; }
}

/// <summary>One try to deliver one event: the HTTP status (null when no answer came), what went wrong, how long it took.</summary>
public sealed record WebhookDelivery(long Id, string WebhookId, long EventId, string EventType, int Attempt,
    int? StatusCode, string? Error, long DurationMs, long At, string Outcome);

/// <summary>How a try ended: <c>delivered</c> (2xx), <c>failed</c> (will be retried), <c>gave_up</c> (the last try failed; the event is skipped).</summary>
public static class DeliveryOutcomes
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string GaveUp = "gave_up";
}

public interface IWebhookStore
{
    Task CreateAsync(Webhook hook, CancellationToken ct);

    Task<IReadOnlyList<Webhook>> ListAsync(string domainId, CancellationToken ct);

    Task<Webhook?> FindAsync(string domainId, string id, CancellationToken ct);

    /// <summary>Deletes the webhook and its delivery log; false when the account has no such webhook.</summary>
    Task<bool> DeleteAsync(string domainId, string id, CancellationToken ct);

    /// <summary>Every account's webhooks with no retry pending after <paramref name="now"/> (epoch ms): the worker's round.</summary>
    Task<IReadOnlyList<Webhook>> DueAsync(long now, CancellationToken ct);

    /// <summary>
    /// Moves the webhook on, in one transaction: its new cursor, attempts and next try, and the
    /// delivery log row of the try that caused it (none when only uninteresting events were skipped).
    /// </summary>
    Task AdvanceAsync(string webhookId, long cursor, int attempts, long? nextAttemptAt, WebhookDelivery? delivery, CancellationToken ct);

    /// <summary>The newest <paramref name="limit"/> tries, newest first; null when the account has no such webhook.</summary>
    Task<IReadOnlyList<WebhookDelivery>?> DeliveriesAsync(string domainId, string webhookId, int limit, CancellationToken ct);

    /// <summary>Forgets delivery log rows older than <paramref name="before"/> (epoch ms); how many.</summary>
    Task<int> PruneDeliveriesAsync(long before, CancellationToken ct);
}
