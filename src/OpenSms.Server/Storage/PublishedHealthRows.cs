using System.Data.Common;
using Dapper;
using OpenSms.Core.Insight;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage;

/// <summary>The health job's pages of active tasks: the same SQL on both providers but for how a state is tested against a list.</summary>
static class PublishedHealthRows
{
    /// <summary>The states an agent works in, bound as <c>@Active</c>.</summary>
    public static readonly string[] Active = [TaskStates.Running, TaskStates.Syncing, TaskStates.Aborting, TaskStates.Skipping];

    sealed class PublishedRow
    {
        public string Id { get; init; } = "";
        public string? PublishedHealth { get; init; }
        public string? PublishedBottleneck { get; init; }
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
}
