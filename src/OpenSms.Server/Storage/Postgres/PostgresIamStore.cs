using Dapper;
using Npgsql;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresIamStore(PostgresDb db) : IIamStore
{
    public async Task<CreateResult> CreateUserAsync(User user, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO users (id, domain_id, name, password_hash, enabled, is_admin, created_at)
            VALUES (@Id, @DomainId, @Name, @PasswordHash, @Enabled, @IsAdmin, @CreatedAt)
            """;
        return await InsertAsync(sql, user, ct);
    }

    public async Task<IReadOnlyList<User>> ListUsersAsync(string domainId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<User>("SELECT * FROM users WHERE domain_id = @domainId ORDER BY created_at, name", new { domainId })).AsList();
    }

    public async Task<User?> FindUserAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<User>("SELECT * FROM users WHERE domain_id = @domainId AND id = @id", new { domainId, id });
    }

    public async Task<bool> DeleteUserAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM users WHERE domain_id = @domainId AND id = @id AND NOT is_admin", new { domainId, id }) == 1;
    }

    public async Task<CreateResult> CreateEnterpriseProjectAsync(EnterpriseProject project, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO enterprise_projects (id, domain_id, name, description, status, created_at)
            VALUES (@Id, @DomainId, @Name, @Description, @Status, @CreatedAt)
            """;
        return await InsertAsync(sql, project, ct);
    }

    public async Task<IReadOnlyList<EnterpriseProject>> ListEnterpriseProjectsAsync(string domainId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = "SELECT * FROM enterprise_projects WHERE domain_id = @domainId ORDER BY created_at, name";
        return (await c.QueryAsync<EnterpriseProject>(sql, new { domainId })).AsList();
    }

    const string SelectPolicy = """
        SELECT p.*, (SELECT COUNT(*)::int FROM policy_attachments a WHERE a.policy_id = p.id) AS attachment_count FROM policies p
        """;

    public async Task<CreateResult> CreatePolicyAsync(StoredPolicy policy, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO policies (id, domain_id, name, description, document, created_at, updated_at)
            VALUES (@Id, @DomainId, @Name, @Description, @Document, @CreatedAt, @UpdatedAt)
            """;
        return await InsertAsync(sql, policy, ct);
    }

    public async Task<IReadOnlyList<StoredPolicy>> ListPoliciesAsync(string domainId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<StoredPolicy>($"{SelectPolicy} WHERE p.domain_id = @domainId ORDER BY p.created_at, p.name", new { domainId })).AsList();
    }

    public async Task<StoredPolicy?> FindPolicyAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<StoredPolicy>($"{SelectPolicy} WHERE p.domain_id = @domainId AND p.id = @id", new { domainId, id });
    }

    public async Task<bool> DeletePolicyAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM policies WHERE domain_id = @domainId AND id = @id", new { domainId, id }) == 1;
    }

    public async Task<AttachResult> AttachAsync(string domainId, string policyId, string userId, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        if (await CheckAsync(c, domainId, policyId, userId) is { } missing) return missing;
        await c.ExecuteAsync("INSERT INTO policy_attachments (policy_id, user_id, attached_at) VALUES (@policyId, @userId, @now) ON CONFLICT DO NOTHING",
            new { policyId, userId, now });
        return AttachResult.Done;
    }

    public async Task<AttachResult> DetachAsync(string domainId, string policyId, string userId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        if (await CheckAsync(c, domainId, policyId, userId) is { } missing) return missing;
        await c.ExecuteAsync("DELETE FROM policy_attachments WHERE policy_id = @policyId AND user_id = @userId", new { policyId, userId });
        return AttachResult.Done;
    }

    static async Task<AttachResult?> CheckAsync(NpgsqlConnection c, string domainId, string policyId, string userId)
    {
        const string sql = """
            SELECT EXISTS (SELECT 1 FROM policies WHERE domain_id = @domainId AND id = @policyId),
                   EXISTS (SELECT 1 FROM users WHERE domain_id = @domainId AND id = @userId)
            """;
        var (policy, user) = await c.QuerySingleAsync<(bool, bool)>(sql, new { domainId, policyId, userId });
        return !policy ? AttachResult.PolicyNotFound : !user ? AttachResult.UserNotFound : null;
    }

    public async Task<IReadOnlyList<StoredPolicy>> ListUserPoliciesAsync(string userId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = "SELECT p.* FROM policies p JOIN policy_attachments a ON a.policy_id = p.id WHERE a.user_id = @userId ORDER BY p.id";
        return (await c.QueryAsync<StoredPolicy>(sql, new { userId })).AsList();
    }

    public async Task CreateKeyAsync(AccessKey key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            INSERT INTO access_keys (access, domain_id, user_id, secret_enc, status, description, created_at)
            VALUES (@Access, @DomainId, @UserId, @SecretEnc, @Status, @Description, @CreatedAt)
            """;
        await c.ExecuteAsync(sql, key);
    }

    public async Task<IReadOnlyList<AccessKey>> ListKeysAsync(string domainId, string? userId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // The cast types the parameter when it is null; PostgreSQL cannot infer it from "IS NULL" alone.
        const string sql = "SELECT * FROM access_keys WHERE domain_id = @domainId AND (@userId::text IS NULL OR user_id = @userId) ORDER BY created_at";
        return (await c.QueryAsync<AccessKey>(sql, new { domainId, userId })).AsList();
    }

    public async Task<AccessKey?> FindKeyAsync(string access, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<AccessKey>("SELECT * FROM access_keys WHERE access = @access", new { access });
    }

    public async Task<bool> DeleteKeyAsync(string domainId, string access, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM access_keys WHERE domain_id = @domainId AND access = @access", new { domainId, access }) == 1;
    }

    public async Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        const string sql = """
            INSERT INTO audit_log (at, domain_id, user_id, user_name, access_key, method, path, action, resource, decision, status, source_ip, request_id)
            VALUES (@At, @DomainId, @UserId, @UserName, @AccessKey, @Method, @Path, @Action, @Resource, @Decision, @Status, @SourceIp, @RequestId)
            """;
        await c.ExecuteAsync(sql, entries, tx);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string domainId, int limit, long? beforeId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            SELECT * FROM audit_log WHERE domain_id = @domainId AND (@beforeId::bigint IS NULL OR id < @beforeId)
            ORDER BY id DESC LIMIT @limit
            """;
        return (await c.QueryAsync<AuditEntry>(sql, new { domainId, beforeId, limit })).AsList();
    }

    public async Task<int> PruneAuditAsync(long before, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM audit_log WHERE at < @before", new { before });
    }

    async Task<CreateResult> InsertAsync(string sql, object row, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        try
        {
            await c.ExecuteAsync(sql, row);
            return CreateResult.Created;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return CreateResult.AlreadyExists;
        }
    }
}
