using Dapper;
using OpenSms.Core.Insight;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>The health job's reads and writes on SQLite.</summary>
public sealed class SqliteTaskHealthStore(SqliteDb db) : ITaskHealthStore
{
    static readonly string[] Active = [TaskStates.Running, TaskStates.Syncing, TaskStates.Aborting, TaskStates.Skipping];

    sealed class PublishedRow
    {
        public string Id { get; init; } = "";
        public string? PublishedHealth { get; init; }
        public string? PublishedBottleneck { get; init; }
    }

    public async Task<IReadOnlyList<PublishedHealth>> ListActiveAsync(string afterId, int limit, UnsettledHealth? unsettled, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // With nothing new, every active task would be read each round; the filter leaves the settled
        // ones in the database (100,000 silent tasks were seconds of work every half minute).
        var where = "state IN @Active AND id > @afterId" + (unsettled is null ? "" : """
             AND (published_health IS NULL OR COALESCE(last_report_at, start_date) >= @ReportedSince
                  OR (COALESCE(last_report_at, start_date) <= @SilentFrom AND (published_health <> @noReport OR published_bottleneck IS NOT @unknown)))
            """);
        var sql = $"""
            SELECT * FROM tasks WHERE {where} ORDER BY id LIMIT @limit;
            SELECT id, published_health, published_bottleneck FROM tasks WHERE {where} ORDER BY id LIMIT @limit;
            """;
        var args = new
        {
            Active, afterId, limit, ReportedSince = unsettled?.ReportedSince, SilentFrom = unsettled?.SilentFrom,
            noReport = TaskHealth.NoReport, unknown = Bottleneck.Unknown,
        };
        await using var reader = await c.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var tasks = (await reader.ReadAsync<MigrationTask>()).ToList();
        var published = (await reader.ReadAsync<PublishedRow>()).ToDictionary(r => r.Id);
        return tasks.ConvertAll(t => published.TryGetValue(t.Id, out var p)
            ? new PublishedHealth(t, p.PublishedHealth, p.PublishedBottleneck)
            : new PublishedHealth(t, null, null));
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
        await c.ExecuteAsync(new CommandDefinition(sql, new { Active }, cancellationToken: ct));
    }
}
