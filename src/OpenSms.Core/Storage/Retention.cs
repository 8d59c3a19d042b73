namespace OpenSms.Core.Storage;

/// <summary>One chunk of the rollup: how many raw samples it folded in, the id it got to, and whether none older are left after it.</summary>
public sealed record RollupChunk(int Rolled, long Cursor, bool Done);

/// <summary>
/// Folds raw samples into per-minute rollups and forgets rollups past their horizon, in chunks,
/// each its own transaction, so an interrupted run leaves nothing counted twice or lost.
/// </summary>
public interface ISampleRetentionStore
{
    /// <summary>
    /// Looks at up to <paramref name="maxRows"/> samples after id <paramref name="afterId"/> and rolls up
    /// those received before <paramref name="before"/> (a whole minute, epoch ms), stopping at the first
    /// younger one: adds them to their task's minute rows and deletes them, in one transaction.
    /// </summary>
    Task<RollupChunk> RollUpAsync(long afterId, long before, int maxRows, CancellationToken ct);

    /// <summary>Deletes up to <paramref name="maxRows"/> rollup rows of minutes before <paramref name="before"/>; how many went.</summary>
    Task<int> DeleteRollupsBeforeAsync(long before, int maxRows, CancellationToken ct);
}
