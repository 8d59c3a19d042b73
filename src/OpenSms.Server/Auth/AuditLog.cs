using System.Threading.Channels;
using OpenSms.Core.Storage;
using OpenSms.Server.Http;

namespace OpenSms.Server.Auth;

/// <summary>
/// Records state-changing calls (who, what, on which resource, the decision, the status) off the
/// request path: entries queue up and one writer stores them in batches; the queue is drained at
/// shutdown.
/// </summary>
public sealed partial class AuditLog(IIamStore store, TimeProvider clock, ILogger<AuditLog> log) : BackgroundService
{
    readonly Channel<AuditEntry> queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(50_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    public void Record(HttpContext context, Caller caller, string action, string? resource, string decision, int status) =>
        queue.Writer.TryWrite(new AuditEntry
        {
            At = clock.GetUtcNow().ToUnixTimeMilliseconds(), DomainId = caller.DomainId, UserId = caller.UserId,
            UserName = caller.UserName, AccessKey = caller.AccessKey, Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "", Action = action, Resource = resource, Decision = decision, Status = status,
            SourceIp = context.Connection.RemoteIpAddress?.ToString(), RequestId = RequestIds.Get(context),
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(256);
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < 256 && queue.Reader.TryRead(out var entry)) batch.Add(entry);
            try
            {
                await store.AppendAuditAsync(batch, CancellationToken.None);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
            {
                LogLost(log, e, batch.Count);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Waits until every entry recorded so far is stored (tests read the log right after a call).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (queue.Reader.Count > 0) await Task.Delay(10, ct);
        await Task.Delay(20, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries could not be stored")]
    static partial void LogLost(ILogger logger, Exception e, int count);
}
