using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>The health job's reads and writes on SQLite.</summary>
public sealed class SqliteTaskHealthStore(SqliteDb db) : ITaskHealthStore
{
    public async Task<IReadOnlyList<PublishedHealth>> ListActiveAsync(string afterId, int limit, UnsettledHealth? unsettled, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PublishedHealthRows.ListActiveAsync(c, "state IN @Active", afterId, limit, unsettled, ct);
    }

    public async Task<int> PublishAsync(IReadOnlyList<HealthChange> changes, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        const string sql = """
            UPDATE tasks SET published_health = @Health, published_bottleneck = @Bottleneck
            WHERE id = @TaskId AND published_health IS @PreviousHealth AND published_bottleneck IS @PreviousBottleneck
            """;
        var events = new List<NewTaskEvent>();
        foreach (var change in changes)
            if (await c.ExecuteAsync(sql, change, tx) == 1 && change.Health is { } health)
                events.Add(TaskEventData.Health(change.DomainId, change.TaskId, change.At, health, change.Bottleneck, change.PreviousHealth));
        await SqliteEventRows.AppendAsync(c, tx, events);
        await tx.CommitAsync(ct);
        return events.Count;
    }

    public async Task ForgetInactiveAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            UPDATE tasks SET published_health = NULL, published_bottleneck = NULL
            WHERE published_health IS NOT NULL AND state NOT IN @Active
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
