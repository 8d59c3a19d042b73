using Dapper;
using Npgsql;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresAccountStore(PostgresDb db) : IAccountStore, IRevocationStore
{
    const string AccountColumns = "id AS Id, name AS Name, created_at AS CreatedAt";

    public async Task<bool> AnyAccountAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM accounts)");
    }

    public async Task<CreateResult> CreateAccountAsync(Account account, Project project, User admin, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        try
        {
            await c.ExecuteAsync("INSERT INTO accounts (id, name, created_at) VALUES (@Id, @Name, @CreatedAt)", account, tx);
            await c.ExecuteAsync("INSERT INTO projects (id, domain_id, name) VALUES (@Id, @DomainId, @Name)", project, tx);
            await c.ExecuteAsync("""
                INSERT INTO users (id, domain_id, name, password_hash, enabled, is_admin, created_at)
                VALUES (@Id, @DomainId, @Name, @PasswordHash, @Enabled, @IsAdmin, @CreatedAt)
                """, admin, tx);
            await tx.CommitAsync(ct);
            return CreateResult.Created;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return CreateResult.AlreadyExists;
        }
    }

    public async Task<Account?> FindAccountByNameAsync(string name, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Account>($"SELECT {AccountColumns} FROM accounts WHERE name = @name", new { name });
    }

    public async Task<Account?> FindAccountAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Account>($"SELECT {AccountColumns} FROM accounts WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Account>($"SELECT {AccountColumns} FROM accounts ORDER BY created_at, name")).AsList();
    }

    public async Task<DeleteAccountResult> DeleteAccountAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Locking the account row makes a concurrent registration or task wait (its foreign key
        // needs the row), so "empty" cannot change between the check and the delete.
        var exists = await c.ExecuteScalarAsync<string?>("SELECT id FROM accounts WHERE id = @id FOR UPDATE", new { id }, tx);
        if (exists is null) return DeleteAccountResult.NotFound;
        const string owned = """
            SELECT EXISTS (SELECT 1 FROM sources WHERE domain_id = @id) OR EXISTS (SELECT 1 FROM tasks WHERE domain_id = @id)
            """;
        if (await c.ExecuteScalarAsync<bool>(owned, new { id }, tx)) return DeleteAccountResult.NotEmpty;
        await c.ExecuteAsync("DELETE FROM accounts WHERE id = @id", new { id }, tx);
        await tx.CommitAsync(ct);
        return DeleteAccountResult.Deleted;
    }

    public async Task<User?> FindUserByNameAsync(string domainId, string name, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            SELECT id AS Id, domain_id AS DomainId, name AS Name, password_hash AS PasswordHash,
                   enabled AS Enabled, is_admin AS IsAdmin, created_at AS CreatedAt
            FROM users WHERE domain_id = @domainId AND name = @name
            """;
        return await c.QuerySingleOrDefaultAsync<User>(sql, new { domainId, name });
    }

    public async Task<IReadOnlyList<Project>> ListProjectsAsync(string domainId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = "SELECT id AS Id, domain_id AS DomainId, name AS Name FROM projects WHERE domain_id = @domainId ORDER BY name";
        return (await c.QueryAsync<Project>(sql, new { domainId })).AsList();
    }

    public async Task AddAsync(string tokenId, long expiresAt, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("INSERT INTO revoked_tokens (token_id, expires_at) VALUES (@tokenId, @expiresAt) ON CONFLICT DO NOTHING", new { tokenId, expiresAt });
    }

    public async Task<IReadOnlyList<string>> ListUnexpiredAsync(long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>("SELECT token_id FROM revoked_tokens WHERE expires_at > @now", new { now })).AsList();
    }

    public async Task<int> PurgeExpiredAsync(long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM revoked_tokens WHERE expires_at <= @now", new { now });
    }
}
