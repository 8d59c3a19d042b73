using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>
/// The reads behind ShowTask and ListTasks, on SQLite's own API with each statement compiled once
/// per pooled connection. Through SqliteCommand a page compiled its statements on every request
/// and went through two checked calls per column; together about a third of a page's time.
/// </summary>
static class SqliteReads
{
    // Kept with the connection's handle, which the pool keeps open between uses; a handle used by
    // one request at a time, so its statements are too.
    static readonly ConditionalWeakTable<sqlite3, Dictionary<string, sqlite3_stmt>> Compiled = new();

    /// <summary>
    /// Runs <paramref name="sql"/> with its arguments (named without their @; those the statement
    /// does not name are left out) and reads every row with <paramref name="read"/>.
    /// </summary>
    public static List<T> All<T>(SqliteConnection connection, string sql, Func<SqliteColumns, T> read, params ReadOnlySpan<(string Name, object? Value)> args)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var statements = Compiled.GetOrCreateValue(db);
        if (!statements.TryGetValue(sql, out var statement))
        {
            Check(db, raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out statement));
            statements[sql] = statement;
        }
        try
        {
            foreach (var (name, value) in args)
            {
                var slot = raw.sqlite3_bind_parameter_index(statement, "@" + name);
                if (slot == 0) continue;
                Check(db, value switch
                {
                    null => raw.sqlite3_bind_null(statement, slot),
                    string text => raw.sqlite3_bind_text(statement, slot, text),
                    int n => raw.sqlite3_bind_int64(statement, slot, n),
                    long n => raw.sqlite3_bind_int64(statement, slot, n),
                    _ => throw new ArgumentException($"No SQLite binding for {value.GetType().Name}.", nameof(args)),
                });
            }
            var rows = new List<T>();
            while (Step(db, statement)) rows.Add(read(new SqliteColumns(statement)));
            return rows;
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
    }

    /// <summary>
    /// The next row, if any. Should the reader have to wait for a lock, SQLite waits inside the step
    /// (busy_timeout, set on every connection by SqliteDb).
    /// </summary>
    static bool Step(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW) return true;
        Check(db, rc);
        return false;
    }

    static void Check(sqlite3 db, int rc) => SqlitePrepared.Check(db, rc);
}

/// <summary>The row a compiled statement is on.</summary>
readonly struct SqliteColumns(sqlite3_stmt statement) : IColumns
{
    public bool IsNull(int i) => raw.sqlite3_column_type(statement, i) == raw.SQLITE_NULL;
    public string String(int i) => raw.sqlite3_column_text(statement, i).utf8_to_string();
    public int Int32(int i) => raw.sqlite3_column_int(statement, i);
    public long Int64(int i) => raw.sqlite3_column_int64(statement, i);
    public double Double(int i) => raw.sqlite3_column_double(statement, i);
    // SQLite keeps booleans as integers.
    public bool Boolean(int i) => raw.sqlite3_column_int64(statement, i) != 0;
}
