using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresTaskSettingsStore(PostgresDb db) : ITaskSettingsStore
{
    public async Task<bool> SetNetworkCheckAsync(string domainId, string taskId, string infoJson, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = "UPDATE tasks SET network_check_info = @infoJson WHERE domain_id = @domainId AND id = @taskId";
        return await c.ExecuteAsync(sql, new { infoJson, domainId, taskId }) == 1;
    }

    public async Task<bool> UpdateSpecialConfigAsync(string domainId, string taskId, Func<string?, string> merge, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Locked: two merges of one task's config apply one after the other, as SQLite's single writer does.
        var found = await c.QuerySingleOrDefaultAsync<(string Id, string? Config)>(
            "SELECT id, special_config FROM tasks WHERE domain_id = @domainId AND id = @taskId FOR UPDATE", new { domainId, taskId }, tx);
        if (found.Id is null) return false;
        await c.ExecuteAsync("UPDATE tasks SET special_config = @config WHERE id = @taskId",
            new { config = merge(found.Config), taskId }, tx);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> RequestLogsAsync(string domainId, string taskId, string bucket, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            UPDATE tasks SET log_collect_status = 'UPLOADING', log_bucket = @bucket, log_request_time = @now
            WHERE domain_id = @domainId AND id = @taskId
            """;
        return await c.ExecuteAsync(sql, new { bucket, now, domainId, taskId }) == 1;
    }

    public async Task SetLogResultAsync(string domainId, string taskId, bool success, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            UPDATE tasks SET log_collect_status = @status, log_upload_time = CASE WHEN @success THEN @now ELSE log_upload_time END
            WHERE domain_id = @domainId AND id = @taskId AND log_collect_status = 'UPLOADING'
            """;
        await c.ExecuteAsync(sql, new { status = success ? "UPLOADED" : "UPLOAD_FAIL", success, now, domainId, taskId });
    }
}
