using Npgsql;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// A database of its own on the PostgreSQL server that <c>OPENSMS_TEST_POSTGRES</c> names, created
/// empty and dropped afterwards. Without the variable, PostgreSQL tests are skipped, not failed.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "OPENSMS_TEST_POSTGRES";

    PostgresTestDatabase(string name, string connectionString) => (Name, ConnectionString) = (name, connectionString);

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>Null when the tests can run, else why they are skipped.</summary>
    public static string? SkipReason => ServerConnectionString is null ? $"{Variable} is not set (e.g. Host=127.0.0.1;Port=5433;Username=postgres)" : null;

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken ct)
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException(SkipReason);
        var name = $"opensms_test_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name}", ct);
        return new PostgresTestDatabase(name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    // FORCE ends the sessions a test left open (pooled connections, a listener).
    public async ValueTask DisposeAsync() => await ExecuteAsync(ServerConnectionString!, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);

    static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        // Not pooled: a pooled connection to the maintenance database would outlive the test run.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
