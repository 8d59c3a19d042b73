using System.Text;
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

    /// <summary>The names are the statement's parameters without their @, in the order the values are added.</summary>
    public SqlitePrepared(SqliteConnection connection, string sql, params string[] names)
    {
        db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, sql, out statement));
        slots = [.. names.Select(n => raw.sqlite3_bind_parameter_index(statement, "@" + n) is > 0 and var i
            ? i : throw new ArgumentException($"The statement has no parameter @{n}.", nameof(names)))];
    }

    // The values are bound one by one, in the order of the names, then Run: every report binds some
    // thirty of them, and a params array of boxed values, with each string copied to a new UTF-8
    // array for SQLite, was a good share of what each report allocated.
    int next;
    byte[] utf8 = new byte[256];

    public SqlitePrepared Add(string? value)
    {
        if (value is null) return AddNull();
        if (Encoding.UTF8.GetMaxByteCount(value.Length) > utf8.Length) utf8 = new byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        // SQLite copies the text (SQLITE_TRANSIENT), so the buffer serves the next value.
        return Bound(raw.sqlite3_bind_text(statement, NextSlot(), utf8.AsSpan(0, length)));
    }

    public SqlitePrepared Add(long? value) =>
        value is { } v ? Bound(raw.sqlite3_bind_int64(statement, NextSlot(), v)) : AddNull();

    public SqlitePrepared Add(double? value) =>
        value is { } v ? Bound(raw.sqlite3_bind_double(statement, NextSlot(), v)) : AddNull();

    public SqlitePrepared Add(bool? value) => Add(value is { } b ? (b ? 1L : 0L) : null);

    SqlitePrepared AddNull() => Bound(raw.sqlite3_bind_null(statement, NextSlot()));

    SqlitePrepared Bound(int rc)
    {
        // A value SQLite refused leaves the statement to be bound again from its first parameter.
        if (rc != raw.SQLITE_OK) next = 0;
        Check(rc);
        return this;
    }

    int NextSlot() => next < slots.Length ? slots[next++] : throw new InvalidOperationException("More values than the statement has parameters.");

    /// <summary>Runs the statement once with the values added since the last run and returns the rows it changed.</summary>
    public int Run()
    {
        if (next != slots.Length)
        {
            next = 0;
            throw new InvalidOperationException("Fewer values than the statement has parameters.");
        }
        next = 0;
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

    void Check(int rc) => Check(db, rc);

    /// <summary>Throws what SqliteCommand would for a result code of SQLite's own API that is not a success.</summary>
    public static void Check(sqlite3 db, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
    }

    public void Dispose() => statement.Dispose();
}
