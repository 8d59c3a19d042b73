using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>Webhooks, their delivery state and log (docs/webhooks.md).</summary>
public sealed class SqliteWebhookStore(SqliteDb db) : IWebhookStore
{
    const string Columns = "id, domain_id, url, events, secret AS sealed_secret, created_at, cursor, attempts, next_attempt_at";

    public async Task CreateAsync(Webhook hook, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            INSERT INTO webhooks (id, domain_id, url, events, secret, created_at, cursor, attempts, next_attempt_at)
            VALUES (@Id, @DomainId, @Url, @Events, @SealedSecret, @CreatedAt, @Cursor, 0, NULL)
            """;
        await c.ExecuteAsync(new CommandDefinition(sql, WebhookRow.From(hook), cancellationToken: ct));
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(string domainId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = $"SELECT {Columns} FROM webhooks WHERE domain_id = @domainId ORDER BY created_at, id";
        return (await c.QueryAsync<WebhookRow>(new CommandDefinition(sql, new { domainId }, cancellationToken: ct))).Select(r => r.ToWebhook()).ToList();
    }

    public async Task<Webhook?> FindAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = $"SELECT {Columns} FROM webhooks WHERE domain_id = @domainId AND id = @id";
        return (await c.QuerySingleOrDefaultAsync<WebhookRow>(new CommandDefinition(sql, new { domainId, id }, cancellationToken: ct)))?.ToWebhook();
    }

    public async Task<bool> DeleteAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // The delivery log goes with it (ON DELETE CASCADE).
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM webhooks WHERE domain_id = @domainId AND id = @id", new { domainId, id }, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<Webhook>> DueAsync(long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = $"SELECT {Columns} FROM webhooks WHERE next_attempt_at IS NULL OR next_attempt_at <= @now";
        return (await c.QueryAsync<WebhookRow>(new CommandDefinition(sql, new { now }, cancellationToken: ct))).Select(r => r.ToWebhook()).ToList();
    }

    public async Task AdvanceAsync(string webhookId, long cursor, int attempts, long? nextAttemptAt, WebhookDelivery? delivery, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        const string update = "UPDATE webhooks SET cursor = @cursor, attempts = @attempts, next_attempt_at = @nextAttemptAt WHERE id = @webhookId";
        // A webhook deleted while its delivery was in flight: nothing left to move on or log.
        if (await c.ExecuteAsync(new CommandDefinition(update, new { webhookId, cursor, attempts, nextAttemptAt }, tx, cancellationToken: ct)) == 0) return;
        if (delivery is not null)
        {
            const string insert = """
                INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, attempt, status_code, error, duration_ms, at, outcome)
                VALUES (@WebhookId, @EventId, @EventType, @Attempt, @StatusCode, @Error, @DurationMs, @At, @Outcome)
                """;
            await c.ExecuteAsync(new CommandDefinition(insert, delivery, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<WebhookDelivery>?> DeliveriesAsync(string domainId, string webhookId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            SELECT COUNT(*) FROM webhooks WHERE domain_id = @domainId AND id = @webhookId;
            SELECT id, webhook_id, event_id, event_type, attempt, status_code, error, duration_ms, at, outcome
            FROM webhook_deliveries WHERE webhook_id = @webhookId ORDER BY id DESC LIMIT @limit;
            """;
        await using var reader = await c.QueryMultipleAsync(new CommandDefinition(sql, new { domainId, webhookId, limit }, cancellationToken: ct));
        if (await reader.ReadSingleAsync<long>() == 0) return null;
        return (await reader.ReadAsync<DeliveryRow>()).Select(r => r.ToDelivery()).ToList();
    }

    public async Task<int> PruneDeliveriesAsync(long before, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_deliveries WHERE at < @before", new { before }, cancellationToken: ct));
    }
}
