using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenSms.Server.Storage;

/// <summary>Tells a database that cannot be reached from one that refused a particular statement.</summary>
public static class StorageFaults
{
    /// <summary>
    /// True when the database itself is away (refused or lost connection, server shutting down or
    /// starting, timeout, SQLite busy): every statement would fail the same way for now.
    /// </summary>
    public static bool IsOutage(Exception e) => e switch
    {
        TimeoutException => true,
        // 08: connection exceptions; 57P01-57P03: the server is shutting down, crashed or not yet accepting connections.
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03",
        // Without a server error the failure was on the way there: connect, read or write.
        NpgsqlException => true,
        SqliteException s => s.IsTransient,
        _ => false,
    };
}
