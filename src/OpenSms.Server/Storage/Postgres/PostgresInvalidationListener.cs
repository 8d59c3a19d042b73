using Dapper;
using Npgsql;
using OpenSms.Server.Auth;

namespace OpenSms.Server.Storage.Postgres;

/// <summary>
/// LISTENs on <see cref="PostgresCacheInvalidation.Channel"/> on a connection of its own (not pooled) and
/// applies what other instances publish to this instance's caches. NOTIFY is not queued for a
/// session that is not listening, so after any gap (start, lost connection) the caches start over.
/// On the same connection it hears <see cref="PostgresEventRows.Channel"/>: some instance committed
/// events, so this instance's event hub reads the log (and reads it anyway after a gap).
/// </summary>
public sealed partial class PostgresInvalidationListener(
    PostgresDb db, CacheInvalidations caches, EventSignal events, ILogger<PostgresInvalidationListener> log)
    : BackgroundService
{
    static readonly TimeSpan Idle = TimeSpan.FromSeconds(15);
    NpgsqlConnection? connection;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Listening before the first request is served, so no change made from then on goes unheard.
        connection = await ListenAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    connection ??= await ListenAsync(stoppingToken);
                    // An idle wait ends with a ping, so a connection that died silently is noticed.
                    if (!await connection.WaitAsync(Idle, stoppingToken)) await connection.ExecuteAsync("SELECT 1");
                }
                catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
                {
                    LogLost(log, e);
                    await DropConnectionAsync();
                    // Changes made while nobody listened are unknown here: forget everything cached.
                    caches.DropAll();
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await DropConnectionAsync();
        }
    }

    async Task<NpgsqlConnection> ListenAsync(CancellationToken ct)
    {
        var c = await db.OpenSessionAsync(ct);
        try
        {
            c.Notification += (_, e) =>
            {
                if (e.Channel == PostgresEventRows.Channel) events.Raise();
                else caches.Apply(e.Payload);
            };
            await c.ExecuteAsync($"LISTEN {PostgresCacheInvalidation.Channel}; LISTEN {PostgresEventRows.Channel}");
            await caches.ResyncAsync(ct);
            events.Raise();
            return c;
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
    }

    async Task DropConnectionAsync()
    {
        if (connection is null) return;
        await connection.DisposeAsync();
        connection = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the cache invalidation channel; caches dropped, reconnecting")]
    static partial void LogLost(ILogger logger, Exception e);
}
