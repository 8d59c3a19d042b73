using Dapper;
using Npgsql;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>
/// Hands out connections to the PostgreSQL database (pooled ones, and unpooled ones for session
/// state) and brings its schema up to date, safely when several instances start at once.
/// </summary>
public sealed class PostgresDb(NpgsqlDataSource dataSource, [FromKeyedServices(PostgresDb.Sessions)] NpgsqlDataSource sessions) : IDatabase
{
    /// <summary>The key of the data source whose connections are not pooled.</summary>
    public const string Sessions = "sessions";

    /// <summary>
    /// The first key of every advisory lock OpenSms takes (its second is a hash of the lock's name),
    /// so OpenSms's locks never collide with those of another application on the same database.
    /// </summary>
    public const int LockSpace = 0x4F534D53; // "OSMS"

    public string ConnectionString => dataSource.ConnectionString;

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct) => dataSource.OpenConnectionAsync(ct);

    /// <summary>
    /// A connection outside the pool, for state that belongs to a session (a LISTEN, a session-level
    /// advisory lock): pooled connections are reused without a reset, so such state must end with
    /// its own session when the connection is disposed, whatever went wrong before.
    /// </summary>
    public ValueTask<NpgsqlConnection> OpenSessionAsync(CancellationToken ct) => sessions.OpenConnectionAsync(ct);

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // One transaction under one lock: an instance that starts while another migrates waits, then
        // finds everything applied; a failing script leaves the schema as it was. DDL is transactional here.
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@LockSpace, hashtext('migrations'))", new { LockSpace }, tx);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, applied_at bigint NOT NULL)", transaction: tx);
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations", transaction: tx)).ToHashSet();
        foreach (var (version, sql) in Migrations.For("postgres"))
        {
            if (applied.Contains(version)) continue;
            await connection.ExecuteAsync(sql, transaction: tx);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await connection.ExecuteScalarAsync<int>("SELECT 1") == 1;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }
}
