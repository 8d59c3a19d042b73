using Dapper;
using Microsoft.Data.Sqlite;

namespace OpenSms.Server.Storage.Sqlite;

public sealed partial class SqliteProgressStore
{
    /// <summary>
    /// The writer's own connection, kept between batches with its statements compiled once. Its
    /// commits run with synchronous = NORMAL: they write the log without waiting for the disk, and
    /// the ingest writer answers no report before SqliteWal.Flush has flushed the log after the
    /// commit (see SyncsAfterCommit). Every other connection keeps synchronous = FULL.
    /// </summary>
    sealed class Writer : IDisposable
    {
        Writer(SqliteConnection connection)
        {
            Connection = connection;
            DatabasePath = connection.DataSource;
            UpdateSubtask = new SqlitePrepared(connection, UpdateSubtaskSql, "progress", "trace", "speed", "ended", "taskId", "name");
            InsertSubtask = new SqlitePrepared(connection, InsertSubtaskSql, "taskId", "name", "progress", "started", "ended", "trace", "speed");
            UpdateTask = new SqlitePrepared(connection, UpdateTaskSql, ["next", .. UpdateTaskColumnNames]);
            UpdateTaskKeepingState = new SqlitePrepared(connection, UpdateTaskKeepingStateSql, UpdateTaskColumnNames);
            InsertSample = new SqlitePrepared(connection, InsertSampleSql,
                "id", "taskId", "receivedAt", "agentTime", "subtask", "progress", "replicatesize", "totalsize", "trace", "migrateSpeed", "compressRate",
                "remainTime", "totalCpu", "agentCpu", "totalMem", "agentMem", "totalDiskIo", "agentDiskIo", "needMigrationTest", "prevId", "opensSecond");
            InsertEvent = SqliteEventRows.Prepare(connection);
            LastEventId = new SqlitePrepared(connection, SqliteEventRows.LastIdSql);
            DataVersion = new SqlitePrepared(connection, "PRAGMA data_version");
        }

        static readonly string[] UpdateTaskColumnNames =
        [
            "firstAt", "finished", "now", "replicatesize", "totalsize", "migrateSpeed", "compressRate", "remainTime", "eta",
            "needMigrationTest", "totalCpu", "agentCpu", "totalMem", "agentMem", "totalDiskIo", "agentDiskIo", "info",
            "stopped", "overSpeedError", "stopCommand", "detector", "skewSeconds", "skewFlagged", "lastSampleId", "taskId",
        ];

        /// <summary>Beyond this many tasks the rows kept are dropped and read again as batches name them.</summary>
        public const int MaxKept = 10_000;

        /// <summary>The tasks and subtasks as the writer's last commit left them; see ApplyBatchAsync for when they hold.</summary>
        public Dictionary<string, ProgressTaskRow> Tasks { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<SubtaskRow>> Subtasks { get; } = new(StringComparer.Ordinal);
        public long SeenVersion { get; set; } = -1;
        public SqlitePrepared DataVersion { get; }

        public void Forget()
        {
            Tasks.Clear();
            Subtasks.Clear();
        }

        public SqliteConnection Connection { get; }
        public string DatabasePath { get; }
        public SqlitePrepared UpdateSubtask { get; }
        public SqlitePrepared InsertSubtask { get; }
        public SqlitePrepared UpdateTask { get; }
        public SqlitePrepared UpdateTaskKeepingState { get; }
        public SqlitePrepared InsertSample { get; }
        public SqlitePrepared InsertEvent { get; }
        public SqlitePrepared LastEventId { get; }

        public static async Task<Writer> OpenAsync(SqliteDb db, CancellationToken ct)
        {
            var c = await db.OpenAsync(ct);
            try
            {
                SqliteDb.Unconfigure(c);
                await c.ExecuteAsync("PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;");
                var w = new Writer(c);
                // The log exists while any connection is open, and this one stays open.
                SqliteWal.FlushDirectory(w.DatabasePath);
                return w;
            }
            catch
            {
                await c.DisposeAsync();
                throw;
            }
        }

        public void Dispose()
        {
            // Statements first: the connection goes back to the pool with its handle.
            UpdateSubtask.Dispose();
            InsertSubtask.Dispose();
            UpdateTask.Dispose();
            UpdateTaskKeepingState.Dispose();
            InsertSample.Dispose();
            InsertEvent.Dispose();
            LastEventId.Dispose();
            DataVersion.Dispose();
            Connection.Dispose();
        }
    }
}
