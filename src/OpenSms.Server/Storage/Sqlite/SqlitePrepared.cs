using Microsoft.Data.Sqlite;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>
/// A statement prepared once and run many times with its parameters re-bound. Dapper builds, and
/// SQLite compiles, a new command on every call; on the ingest path that was most of the writer's time.
/// </summary>
sealed class SqlitePrepared : IDisposable
{
    readonly SqliteCommand command;
    readonly SqliteParameter[] parameters;

    /// <summary>The names are the statement's parameters without their @, in the order <see cref="Run"/> takes their values.</summary>
    public SqlitePrepared(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        parameters = [.. names.Select(n => command.Parameters.Add(new SqliteParameter("@" + n, null)))];
    }

    public int Run(params object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
        return command.ExecuteNonQuery();
    }

    public void Dispose() => command.Dispose();
}
