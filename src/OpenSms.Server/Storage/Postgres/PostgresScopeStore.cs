using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresScopeStore(PostgresDb db) : IScopeStore
{
    public async Task<ResourceScopeInfo?> FindTaskScopeAsync(string domainId, string taskId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = "SELECT source_server_id AS SourceServerId, enterprise_project_id AS EnterpriseProjectId FROM tasks WHERE domain_id = @domainId AND id = @taskId";
        return await c.QuerySingleOrDefaultAsync<ResourceScopeInfo>(sql, new { domainId, taskId });
    }

    public async Task<ResourceScopeInfo?> FindSourceScopeAsync(string domainId, string sourceId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = "SELECT id AS SourceServerId, enterprise_project_id AS EnterpriseProjectId FROM sources WHERE domain_id = @domainId AND id = @sourceId";
        return await c.QuerySingleOrDefaultAsync<ResourceScopeInfo>(sql, new { domainId, sourceId });
    }
}
