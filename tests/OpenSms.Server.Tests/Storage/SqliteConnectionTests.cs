using Dapper;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server.Tests.Storage;

/// <summary>What every SQLite connection the server opens promises, however often the pool has handed it out.</summary>
public sealed class SqliteConnectionTests(SqliteStoreDatabase store) : IClassFixture<SqliteStoreDatabase>
{
    [Fact]
    public async Task AConnectionTheIngestWriterSetToNormalSyncIsFullAgainForWhoeverOpensItNext()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = store.Get<SqliteDb>();
        await using (var writer = await db.OpenAsync(ct))
        {
            SqliteDb.Unconfigure(writer);
            await writer.ExecuteAsync("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;");
        }

        // The pool hands the same handle out again: it must commit durably and check its keys.
        for (var i = 0; i < 3; i++)
        {
            await using var c = await db.OpenAsync(ct);
            Assert.Equal(2, await c.ExecuteScalarAsync<long>("PRAGMA synchronous"));
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        }
    }

    [Fact]
    public async Task EveryConnectionLetsSqliteWaitForAnotherWritersLockInsteadOfTheDriversPollEvery150Ms()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = store.Get<SqliteDb>();
        for (var i = 0; i < 3; i++)
        {
            await using var c = await db.OpenAsync(ct);
            Assert.Equal(SqliteDb.TimeoutSeconds * 1000, await c.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        }
    }
}
