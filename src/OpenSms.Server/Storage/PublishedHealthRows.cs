using System.Data.Common;
using Dapper;
using OpenSms.Core.Insight;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage;

/// <summary>
/// The health job's pages of active tasks (the same SQL on both providers but for how a state is tested
/// against a list) and its last round (the same SQL).
/// </summary>
static class PublishedHealthRows
{
    /// <summary>The states an agent works in, bound as <c>@Active</c>.</summary>
    public static readonly string[] Active = [TaskStates.Running, TaskStates.Syncing, TaskStates.Aborting, TaskStates.Skipping];

    sealed class AnnouncedRow
    {
        public string? AnnouncedHealth { get; init; }
        public string? AnnouncedBottleneck { get; init; }
    }

    /// <summary>
    /// <see cref="ITaskHealthStore.ListActiveAsync"/>; <paramref name="stateIsActive"/> is the dialect's
    /// test of <c>state</c> against <c>@Active</c>.
    /// </summary>
    public static async Task<IReadOnlyList<PublishedHealth>> ListActiveAsync(
        DbConnection c, string stateIsActive, string afterId, int limit, UnsettledHealth? unsettled, CancellationToken ct)
    {
        // With nothing new, every active task would be read each round; the filter leaves the settled
        // ones in the database (100,000 silent tasks were seconds of work every half minute).
        var where = $"{stateIsActive} AND id > @afterId" + (unsettled is null ? "" : """
             AND (published_health IS NULL OR COALESCE(last_report_at, start_date) >= @ReportedSince
                  OR (COALESCE(last_report_at, start_date) <= @SilentFrom AND (published_health <> @noReport OR published_bottleneck IS DISTINCT FROM @unknown)))
            """);
        // One statement: the task's row, then what was announced for it under names of their own. The
        // mapper splits the row at announced_for, never NULL: at a NULL column it would give no object.
        var sql = $"""
            SELECT *, id AS announced_for, published_health AS announced_health, published_bottleneck AS announced_bottleneck
            FROM tasks WHERE {where} ORDER BY id LIMIT @limit
            """;
        var args = new
        {
            Active, afterId, limit, ReportedSince = unsettled?.ReportedSince, SilentFrom = unsettled?.SilentFrom,
            noReport = TaskHealth.NoReport, unknown = Bottleneck.Unknown,
        };
        var rows = await c.QueryAsync<MigrationTask, AnnouncedRow, PublishedHealth>(
            new CommandDefinition(sql, args, cancellationToken: ct),
            (task, announced) => new PublishedHealth(task, announced.AnnouncedHealth, announced.AnnouncedBottleneck),
            splitOn: "announced_for");
        return rows.AsList();
    }

    /// <summary><see cref="ITaskHealthStore.LastRoundAsync"/>.</summary>
    public static Task<long?> LastRoundAsync(DbConnection c, CancellationToken ct) =>
        c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT began_at FROM health_rounds WHERE id = 1", cancellationToken: ct));

    /// <summary><see cref="ITaskHealthStore.RecordRoundAsync"/>.</summary>
    public static Task RecordRoundAsync(DbConnection c, long began, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO health_rounds (id, began_at) VALUES (1, @began) ON CONFLICT (id) DO UPDATE SET began_at = excluded.began_at",
            new { began }, cancellationToken: ct));
}
