using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>The health job's reads and writes on PostgreSQL; the twin of SqliteTaskHealthStore.</summary>
public sealed class PostgresTaskHealthStore(PostgresDb db) : ITaskHealthStore
{
    public async Task<IReadOnlyList<PublishedHealth>> ListActiveAsync(string afterId, int limit, UnsettledHealth? unsettled, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PublishedHealthRows.ListActiveAsync(c, "state = ANY(@Active)", afterId, limit, unsettled, ct);
    }

    public async Task<int> PublishAsync(IReadOnlyList<HealthChange> changes, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        const string sql = """
            UPDATE tasks SET published_health = @Health, published_bottleneck = @Bottleneck
            WHERE id = @TaskId AND published_health IS NOT DISTINCT FROM @PreviousHealth AND published_bottleneck IS NOT DISTINCT FROM @PreviousBottleneck
            """;
        var events = new List<NewTaskEvent>();
        // In id order, as the progress writer locks its tasks, so the two never wait on each other in a circle.
        foreach (var change in changes.OrderBy(c => c.TaskId, StringComparer.Ordinal))
            if (await c.ExecuteAsync(sql, change, tx) == 1 && change.Health is { } health)
                events.Add(TaskEventData.Health(change.DomainId, change.TaskId, change.At, health, change.Bottleneck, change.PreviousHealth));
        await PostgresEventRows.AppendAsync(c, tx, events);
        await tx.CommitAsync(ct);
        return events.Count;
    }

    public async Task ForgetInactiveAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            UPDATE tasks SET published_health = NULL, published_bottleneck = NULL
            WHERE published_health IS NOT NULL AND NOT (state = ANY(@Active))
            """;
        await c.ExecuteAsync(new CommandDefinition(sql, new { PublishedHealthRows.Active }, cancellationToken: ct));
    }

    public async Task<long?> LastRoundAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PublishedHealthRows.LastRoundAsync(c, ct);
    }

    public async Task RecordRoundAsync(long began, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await PublishedHealthRows.RecordRoundAsync(c, began, ct);
    }
}
