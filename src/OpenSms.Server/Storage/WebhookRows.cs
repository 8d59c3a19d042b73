using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage;

/// <summary>A webhooks row as both dialects store it: the event types as one comma-separated text.</summary>
public sealed class WebhookRow
{
    public string Id { get; init; } = "";
    public string DomainId { get; init; } = "";
    public string Url { get; init; } = "";
    public string Events { get; init; } = "";
    public string SealedSecret { get; init; } = "";
    public long CreatedAt { get; init; }
    public long Cursor { get; init; }
    public int Attempts { get; init; }
    public long? NextAttemptAt { get; init; }

    public static WebhookRow From(Webhook h) => new()
    {
        Id = h.Id, DomainId = h.DomainId, Url = h.Url, Events = string.Join(',', h.Events), SealedSecret = h.SealedSecret,
        CreatedAt = h.CreatedAt, Cursor = h.Cursor, Attempts = h.Attempts, NextAttemptAt = h.NextAttemptAt,
    };

    public Webhook ToWebhook() => new()
    {
        Id = Id, DomainId = DomainId, Url = Url, Events = Events.Split(',', StringSplitOptions.RemoveEmptyEntries), SealedSecret = SealedSecret,
        CreatedAt = CreatedAt, Cursor = Cursor, Attempts = Attempts, NextAttemptAt = NextAttemptAt,
    };
}

public sealed class DeliveryRow
{
    public long Id { get; init; }
    public string WebhookId { get; init; } = "";
    public long EventId { get; init; }
    public string EventType { get; init; } = "";
    public int Attempt { get; init; }
    public int? StatusCode { get; init; }
    public string? Error { get; init; }
    public long DurationMs { get; init; }
    public long At { get; init; }
    public string Outcome { get; init; } = "";

    public WebhookDelivery ToDelivery() => new(Id, WebhookId, EventId, EventType, Attempt, StatusCode, Error, DurationMs, At, Outcome);
}
