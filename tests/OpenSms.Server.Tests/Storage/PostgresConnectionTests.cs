using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenSms.Server.Cluster;
using OpenSms.Server.Storage.Postgres;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// Pooled connections are handed on without a reset, so what belongs to a session (a job's advisory
/// lock, the LISTEN) lives on connections outside the pool and ends with them.
/// </summary>
public sealed class PostgresConnectionTests : IClassFixture<PostgresHost>
{
    readonly PostgresHost host;

    public PostgresConnectionTests(PostgresHost host)
    {
        Assert.SkipWhen(PostgresTestDatabase.SkipReason is not null, PostgresTestDatabase.SkipReason ?? "");
        this.host = host;
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AJobsLockIsHeldByASessionThatEndsWithTheRunEvenWhenTheWorkFails()
    {
        var name = Kit.Unique("job");
        var db = host.App.Services.GetRequiredService<PostgresDb>();
        await using var observer = await db.OpenAsync(Ct);
        const string holder = """
            SELECT pid FROM pg_locks
            WHERE locktype = 'advisory' AND classid = @space AND objid = (hashtext(@name)::bigint & 4294967295)::oid AND objsubid = 2
            """;
        int? heldBy = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.App.Services.GetRequiredService<IClusterLock>().TryRunExclusiveAsync(name, async _ =>
        {
            heldBy = await observer.ExecuteScalarAsync<int?>(holder, new { space = PostgresDb.LockSpace, name });
            throw new InvalidOperationException("the job failed");
        }, Ct));

        Assert.NotNull(heldBy);
        Assert.Null(await observer.ExecuteScalarAsync<int?>(holder, new { space = PostgresDb.LockSpace, name }));
        // Its backend is gone, not parked in the pool for the next caller.
        await WaitUntilAsync(async () => !await observer.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = @pid)", new { pid = heldBy }));
    }

    [Fact]
    public void PooledConnectionsAreNotResetUnlessTheConnectionStringSaysSo()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(PostgresStorage.WithoutReset(host.ConnectionString)).NoResetOnClose);
        var reset = new NpgsqlConnectionStringBuilder(host.ConnectionString) { NoResetOnClose = false }.ConnectionString;
        Assert.Equal(reset, PostgresStorage.WithoutReset(reset));
    }

    /// <summary>A backend's exit is reported a moment after its client hangs up.</summary>
    static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++) await Task.Delay(50, Ct);
        Assert.True(await condition());
    }
}
