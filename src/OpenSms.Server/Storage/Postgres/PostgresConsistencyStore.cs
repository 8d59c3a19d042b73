using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresConsistencyStore(PostgresDb db) : IConsistencyStore
{
    public async Task<bool> AddAsync(string domainId, string taskId, ConsistencyRun run, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        const string mark = "UPDATE tasks SET consistency_result_exist = true WHERE domain_id = @domainId AND id = @taskId";
        if (await c.ExecuteAsync(mark, new { domainId, taskId }, tx) == 0) return false;
        const string insert = """
            INSERT INTO consistency_results (task_id, finished_time, check_result, results_json)
            VALUES (@taskId, @FinishedTime, @CheckResult, @ResultsJson)
            """;
        await c.ExecuteAsync(insert, new { taskId, run.FinishedTime, run.CheckResult, run.ResultsJson }, tx);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<ConsistencyRun>?> ListAsync(string domainId, string taskId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        if (!await c.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM tasks WHERE domain_id = @domainId AND id = @taskId)", new { domainId, taskId }))
            return null;
        const string sql = """
            SELECT finished_time, check_result, results_json FROM consistency_results WHERE task_id = @taskId ORDER BY id
            """;
        var rows = await c.QueryAsync<(long FinishedTime, string CheckResult, string ResultsJson)>(sql, new { taskId });
        return rows.Select(r => new ConsistencyRun(r.FinishedTime, r.CheckResult, r.ResultsJson)).ToList();
    }
}
