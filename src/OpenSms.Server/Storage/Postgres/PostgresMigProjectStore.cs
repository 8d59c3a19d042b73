using System.Data.Common;
using Dapper;
using Npgsql;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresMigProjectStore(PostgresDb db) : IMigProjectStore
{
    const string Insert = """
        INSERT INTO migprojects (id, domain_id, name, description, isdefault, region, start_target_server, speed_limit,
                                 use_public_ip, exist_server, type, enterprise_project, syncing, start_network_check, created_at)
        VALUES (@Id, @DomainId, @Name, @Description, @IsDefault, @Region, @StartTargetServer, @SpeedLimit,
                @UsePublicIp, @ExistServer, @Type, @EnterpriseProject, @Syncing, @StartNetworkCheck, @CreatedAt)
        """;

    public async Task<MigProject> EnsureDefaultAsync(MigProject candidate, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string find = "SELECT * FROM migprojects WHERE domain_id = @DomainId AND isdefault";
        if (await c.QuerySingleOrDefaultAsync<MigProject>(find, candidate) is { } existing) return existing;
        // A racing request may create it first, and a project may already use the name: the second try takes a unique one.
        foreach (var name in new[] { candidate.Name, $"{candidate.Name}-{candidate.Id[^8..]}" })
        {
            await c.ExecuteAsync(Insert + " ON CONFLICT DO NOTHING", candidate with { Name = name, IsDefault = true });
            if (await c.QuerySingleOrDefaultAsync<MigProject>(find, candidate) is { } created) return created;
        }
        throw new InvalidOperationException($"No default migration project could be created for account {candidate.DomainId}.");
    }

    public async Task<MigProjectResult> CreateAsync(MigProject project, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        try
        {
            await LockAccountAsync(c, tx, project.DomainId);
            if (project.IsDefault) await TakeDefaultAsync(c, tx, project.DomainId);
            await c.ExecuteAsync(Insert, project, tx);
            await tx.CommitAsync(ct);
            return MigProjectResult.Done;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return MigProjectResult.NameTaken;
        }
    }

    public async Task<(int Count, IReadOnlyList<MigProject> Items)> ListAsync(string domainId, int limit, int offset, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var count = await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM migprojects WHERE domain_id = @domainId", new { domainId });
        const string sql = """
            SELECT * FROM migprojects WHERE domain_id = @domainId
            ORDER BY isdefault DESC, created_at, id LIMIT @limit OFFSET @offset
            """;
        return (count, (await c.QueryAsync<MigProject>(sql, new { domainId, limit, offset })).AsList());
    }

    public async Task<MigProject?> FindAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<MigProject>("SELECT * FROM migprojects WHERE domain_id = @domainId AND id = @id", new { domainId, id });
    }

    public async Task<MigProjectResult> UpdateAsync(MigProject project, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        try
        {
            await LockAccountAsync(c, tx, project.DomainId);
            const string sql = """
                UPDATE migprojects SET name = @Name, description = @Description, region = @Region,
                  start_target_server = @StartTargetServer, speed_limit = @SpeedLimit, use_public_ip = @UsePublicIp,
                  exist_server = @ExistServer, type = @Type, enterprise_project = @EnterpriseProject, syncing = @Syncing,
                  start_network_check = @StartNetworkCheck
                WHERE domain_id = @DomainId AND id = @Id
                """;
            if (await c.ExecuteAsync(sql, project, tx) == 0) return MigProjectResult.NotFound;
            if (project.IsDefault) await MoveDefaultAsync(c, tx, project.DomainId, project.Id);
            await tx.CommitAsync(ct);
            return MigProjectResult.Done;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return MigProjectResult.NameTaken;
        }
    }

    public async Task<MigProjectResult> DeleteAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await LockAccountAsync(c, tx, domainId);
        var isDefault = await c.ExecuteScalarAsync<bool?>(
            "SELECT isdefault FROM migprojects WHERE domain_id = @domainId AND id = @id", new { domainId, id }, tx);
        if (isDefault is null) return MigProjectResult.NotFound;
        if (isDefault.Value) return MigProjectResult.IsDefault;
        const string sql = """
            UPDATE sources SET migproject_id = NULL WHERE domain_id = @domainId AND migproject_id = @id;
            DELETE FROM migprojects WHERE id = @id;
            """;
        await c.ExecuteAsync(sql, new { domainId, id }, tx);
        await tx.CommitAsync(ct);
        return MigProjectResult.Done;
    }

    public async Task<MigProjectResult> SetDefaultAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await LockAccountAsync(c, tx, domainId);
        var exists = await c.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM migprojects WHERE domain_id = @domainId AND id = @id)", new { domainId, id }, tx);
        if (!exists) return MigProjectResult.NotFound;
        await MoveDefaultAsync(c, tx, domainId, id);
        await tx.CommitAsync(ct);
        return MigProjectResult.Done;
    }

    /// <summary>
    /// One writer of an account's projects at a time, which SQLite gets from its single writer: two
    /// moves of the default cannot both clear it and then both set one.
    /// </summary>
    static async Task LockAccountAsync(DbConnection c, DbTransaction tx, string domainId) =>
        await c.ExecuteAsync("SELECT pg_advisory_xact_lock(@LockSpace, hashtext('migprojects:' || @domainId))",
            new { PostgresDb.LockSpace, domainId }, tx);

    static async Task MoveDefaultAsync(DbConnection c, DbTransaction tx, string domainId, string id)
    {
        var current = await c.ExecuteScalarAsync<string?>("SELECT id FROM migprojects WHERE domain_id = @domainId AND isdefault", new { domainId }, tx);
        if (current == id) return;
        await TakeDefaultAsync(c, tx, domainId);
        await c.ExecuteAsync("UPDATE migprojects SET isdefault = true WHERE domain_id = @domainId AND id = @id", new { domainId, id }, tx);
    }

    /// <summary>Clears the default, first pinning the sources that were in it by default so they stay where they are.</summary>
    static async Task TakeDefaultAsync(DbConnection c, DbTransaction tx, string domainId)
    {
        const string sql = """
            UPDATE sources SET migproject_id = (SELECT id FROM migprojects WHERE domain_id = @domainId AND isdefault)
            WHERE domain_id = @domainId AND migproject_id IS NULL;
            UPDATE migprojects SET isdefault = false WHERE domain_id = @domainId AND isdefault;
            """;
        await c.ExecuteAsync(sql, new { domainId }, tx);
    }
}
