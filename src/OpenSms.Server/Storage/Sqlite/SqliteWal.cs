using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OpenSms.Server.Storage.Sqlite;

/// <summary>
/// Flushes a database's write-ahead log to disk from outside SQLite. With synchronous = NORMAL a
/// commit only writes its frames to the log; once this flush (of the same file, through any
/// descriptor) has returned, every commit that finished before it began survives a power loss.
/// SQLite's recovery replays the log's frames in order up to the first one whose checksum fails,
/// so a later commit can never survive without an earlier one.
/// </summary>
static class SqliteWal
{
    public static void Flush(string databasePath)
    {
        try
        {
            using var log = File.OpenHandle(databasePath + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            FlushData(log);
        }
        catch (FileNotFoundException)
        {
            // SQLite removes the log only after checkpointing it into the database and syncing that.
            using var database = File.OpenHandle(databasePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(database);
        }
    }

    /// <summary>
    /// The log's bytes and what it takes to read them back (its length), as SQLite's own syncs on
    /// Linux: fdatasync rather than fsync, which would also journal the modification time that
    /// every commit changes. Once the log has started over it is written in place, and then no
    /// journal commit is needed at all.
    /// </summary>
    static void FlushData(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(file);
            return;
        }
        if (Posix.Fdatasync(file) != 0) throw new IOException($"Cannot flush the write-ahead log (errno {Marshal.GetLastPInvokeError()}).");
    }

    /// <summary>
    /// Makes the log's directory entry durable, as SQLite's own first sync of a new log would: the
    /// log must still be there after a power loss for its flushed frames to count.
    /// </summary>
    public static void FlushDirectory(string databasePath)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".";
        var fd = Posix.Open(directory, 0);
        if (fd < 0) throw new IOException($"Cannot open {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Posix.Fsync(fd) != 0) throw new IOException($"Cannot flush {directory} (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Posix.Close(fd);
        }
    }

    static class Posix
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Fdatasync(SafeFileHandle fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Close(int fd);
    }
}
