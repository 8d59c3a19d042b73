using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Insight;

/// <summary>
/// One retention pass over report history: samples past the raw horizon become minute rollups,
/// rollups past theirs are deleted. Each chunk is one transaction; a pass cut short resumes where
/// it stopped on the next, since what is left is exactly what was not yet done.
/// </summary>
public sealed partial class SampleRetention(ISampleRetentionStore store, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<SampleRetention> log)
{
    const long Minute = 60_000;

    public async Task RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // A whole minute, so every minute rolled up is complete: its later reports are all raw still.
        var rawBefore = Floor(now - (long)o.RawSamples.TotalMilliseconds);
        var rolled = 0L;
        var chunk = new RollupChunk(0, 0, false);
        while (!chunk.Done)
        {
            chunk = await store.RollUpAsync(chunk.Cursor, rawBefore, o.ChunkRows, ct);
            rolled += chunk.Rolled;
        }
        var rollupsBefore = Floor(now - (long)o.Rollups.TotalMilliseconds);
        var deleted = 0L;
        int n;
        do deleted += n = await store.DeleteRollupsBeforeAsync(rollupsBefore, o.ChunkRows, ct);
        while (n == o.ChunkRows);
        if (rolled + deleted > 0) LogDone(log, rolled, deleted);
    }

    static long Floor(long ms) => ms - (((ms % Minute) + Minute) % Minute);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rolled up {Rolled} raw samples; deleted {Deleted} expired minute rollups")]
    static partial void LogDone(ILogger logger, long rolled, long deleted);
}
