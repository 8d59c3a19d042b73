using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>
/// A statement compiled once and run many times, its parameters bound by position on SQLite's own
/// API. On the ingest path Dapper built, and SQLite compiled, a new command for every row, and
/// SqliteCommand looks each parameter up by name on every run; the profile put most of the
/// writer's time there. The statement runs on the connection's handle, inside its transaction.
/// </summary>
sealed class SqlitePrepared : IDisposable
{
    readonly sqlite3 db;
    readonly sqlite3_stmt statement;
    readonly int[] slots;

    /// <summary>The names are the statement's parameters without their @, in the order <see cref="Run"/> takes their values.</summary>
    public SqlitePrepared(SqliteConnection connection, string sql, params string[] names)
    {
        db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, sql, out statement));
        slots = [.. names.Select(n => raw.sqlite3_bind_parameter_index(statement, "@" + n) is > 0 and var i
            ? i : throw new ArgumentException($"The statement has no parameter @{n}.", nameof(names)))];
    }

    /// <summary>Runs the statement once and returns the rows it changed.</summary>
    public int Run(params object?[] values)
    {
        for (var i = 0; i < slots.Length; i++) Check(Bind(slots[i], values[i]));
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE) Check(rc);
        return raw.sqlite3_changes(db);
    }

    /// <summary>Runs a statement that takes no parameters and returns the first column of its first row.</summary>
    public long Scalar()
    {
        var rc = raw.sqlite3_step(statement);
        var value = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(statement, 0) : 0;
        raw.sqlite3_reset(statement);
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE)) Check(rc);
        return value;
    }

    int Bind(int slot, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, slot),
        string s => raw.sqlite3_bind_text(statement, slot, s),
        long l => raw.sqlite3_bind_int64(statement, slot, l),
        int n => raw.sqlite3_bind_int64(statement, slot, n),
        double d => raw.sqlite3_bind_double(statement, slot, d),
        bool b => raw.sqlite3_bind_int64(statement, slot, b ? 1 : 0),
        _ => throw new ArgumentException($"No SQLite binding for {value.GetType().Name}.", nameof(value)),
    };

    void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
    }

    public void Dispose() => statement.Dispose();
}
