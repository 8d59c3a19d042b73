using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>Opens connections to the SQLite file and brings its schema up to date.</summary>
public sealed class SqliteDb : IDatabase
{
    readonly string connectionString;

    /// <summary>How long a statement waits for a lock before it fails.</summary>
    public const int TimeoutSeconds = 30;

    public SqliteDb(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            // Readers and the ingest writer share the file; a writer waits rather than failing with SQLITE_BUSY.
            DefaultTimeout = TimeoutSeconds,
        };
        this.connectionString = builder.ToString();
        var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(dir)) Auth.PrivateDirectory.Create(dir);
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        // Per connection: FULL makes every commit survive power loss, which is what a 200 promises.
        // busy_timeout lets SQLite itself wait for another connection's write lock, waking within
        // milliseconds of its release; without it Microsoft.Data.Sqlite retries every 150 ms, so a
        // health round's short write stalled every progress report queued behind it by 150 ms.
        // A pooled connection keeps its settings, so they are made once per SQLite handle, not per
        // open (a ShowTask opens two).
        if (Configured.TryGetValue(connection.Handle!, out _)) return connection;
        await connection.ExecuteAsync($"PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {TimeoutSeconds * 1000};");
        Configured.AddOrUpdate(connection.Handle!, Set);
        return connection;
    }

    static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    static readonly object Set = new();

    /// <summary>
    /// For a connection about to change what <see cref="OpenAsync"/> set (the ingest writer's
    /// synchronous = NORMAL): whoever opens its handle next from the pool sets it again.
    /// </summary>
    public static void Unconfigure(SqliteConnection connection) => Configured.Remove(connection.Handle!);

    public Task MigrateAsync(CancellationToken ct) => MigrateAsync(long.MaxValue, ct);

    /// <summary>Applies the migrations up to a version only: the upgrade tests build a database as an earlier release left it.</summary>
    internal async Task MigrateAsync(long throughVersion, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations")).ToHashSet();
        foreach (var (version, sql) in Migrations.For("sqlite"))
        {
            if (applied.Contains(version) || version > throughVersion) continue;
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(sql, transaction: tx);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
            await tx.CommitAsync(ct);
        }
    }

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await connection.ExecuteScalarAsync<long>("SELECT 1") == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
