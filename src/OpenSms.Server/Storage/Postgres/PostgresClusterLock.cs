using Dapper;
using Npgsql;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>
/// A session-level advisory lock held on a connection of its own (not pooled) for the whole run.
/// If the instance dies mid-run, or the unlock fails, the session ends, the lock goes with it, and
/// the next round runs wherever it is taken first.
/// </summary>
public sealed class PostgresClusterLock(PostgresDb db) : IClusterLock
{
    public async Task<bool> TryRunExclusiveAsync(string name, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        await using var c = await db.OpenSessionAsync(ct);
        var args = new { PostgresDb.LockSpace, name };
        if (!await c.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@LockSpace, hashtext(@name))", args)) return false;
        try
        {
            await work(ct);
            return true;
        }
        finally
        {
            try
            {
                await c.ExecuteAsync("SELECT pg_advisory_unlock(@LockSpace, hashtext(@name))", args);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and a session's advisory locks end with it.
            }
        }
    }
}
