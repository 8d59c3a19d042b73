using System.Text;
using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresSourceDetailStore(PostgresDb db) : ISourceDetailStore
{
    /// <summary>
    /// A source is in the project <c>@Migproject</c> when it was put there, or when it was never
    /// put anywhere and that project is the account's default. The twin of SqliteSourceDetailStore's.
    /// </summary>
    internal const string InMigproject = """
        (s.migproject_id = @Migproject OR (s.migproject_id IS NULL AND EXISTS
          (SELECT 1 FROM migprojects m WHERE m.domain_id = s.domain_id AND m.id = @Migproject AND m.isdefault)))
        """;

    const string FromSources = "FROM sources s LEFT JOIN tasks t ON t.source_server_id = s.id";

    public async Task<bool> UpdateAsync(string domainId, string id, Func<SourceWithTask, SourceServer?> update, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // The source row locked: the read and the write see no re-registration or other update in between.
        await using var tx = await c.BeginTransactionAsync(ct);
        var rows = await c.QueryAsync<SourceServer, MigrationTask?, SourceWithTask>(
            $"SELECT s.*, t.id AS task_split, t.* {FromSources} WHERE s.domain_id = @domainId AND s.id = @id FOR UPDATE OF s",
            (s, t) => new SourceWithTask(s, PostgresSourceStore.NullIfMissing(t)), new { domainId, id }, tx, splitOn: "task_split");
        var found = rows.SingleOrDefault();
        if (found is null) return false;
        if (update(found) is { } s)
        {
            const string sql = """
                UPDATE sources SET name = @Name, migproject_id = @MigprojectId, registration_json = @RegistrationJson,
                  state = @State, migration_cycle = @MigrationCycle, copystate = @Copystate,
                  copystate_task_id = @CopystateTaskId, copystate_task_state = @CopystateTaskState,
                  state_action_time = @StateActionTime, stage_action_time = @StageActionTime
                WHERE domain_id = @DomainId AND id = @Id
                """;
            await c.ExecuteAsync(sql, s, tx);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByStateAsync(string domainId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var sql = $"SELECT {PostgresSourceStore.DerivedState} AS state, COUNT(*) AS count {FromSources} WHERE s.domain_id = @domainId GROUP BY 1";
        var rows = await c.QueryAsync<(string State, long Count)>(sql, new { domainId });
        return rows.ToDictionary(r => r.State, r => (int)r.Count);
    }

    public async Task<(int Count, IReadOnlyList<ErrorServer> Items)> ListErrorsAsync(string domainId, ErrorQuery query, CancellationToken ct)
    {
        var where = new StringBuilder("WHERE s.domain_id = @domainId AND ").Append(PostgresSourceStore.DerivedState).Append(" = 'error'");
        if (query.Migproject is not null) where.Append(" AND ").Append(InMigproject);
        if (query.EnterpriseProjectId is not null) where.Append(" AND s.enterprise_project_id = @EnterpriseProjectId");
        var args = new DynamicParameters(query);
        args.Add("domainId", domainId);

        await using var c = await db.OpenAsync(ct);
        var count = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) {FromSources} {where}", args);
        var sql = $"""
            SELECT s.id AS source_id, s.name, s.hostname, COALESCE(s.ip, s.ipv6) AS ip, t.error_json, t.spec_json AS task_spec_json
            {FromSources} {where} ORDER BY s.add_date DESC, s.id LIMIT @Limit OFFSET @Offset
            """;
        return (count, (await c.QueryAsync<ErrorServer>(sql, args)).AsList());
    }
}
