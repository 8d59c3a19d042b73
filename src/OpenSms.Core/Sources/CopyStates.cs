using OpenSms.Core.Storage;

namespace OpenSms.Core.Sources;

/// <summary>
/// UpdateCopyState (reference §2.10, §2.12): the copy states and migration cycles an agent may set,
/// and how a set copy state shows next to the state derived from the source's task.
/// </summary>
public static class CopyStates
{
    /// <summary>Values of <c>copystate</c>, lower case; <c>init</c> is the request's spelling of <c>initialize</c>.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "unavailable", "waiting", "init", "replicate", "syncing", "stopping", "stopped", "skipping",
        "deleting", "clearing", "cleared", "clearfailed", "premigready", "premiging", "premiged",
        "premigfailed", "cloning", "cutovering", "finished", "error",
    ];

    /// <summary>Values of <c>migrationcycle</c> (the drill adds the last four).</summary>
    public static readonly IReadOnlyList<string> MigrationCycles =
        ["checking", "setting", "replicating", "syncing", "cutovering", "cutovered", "no_ready", "ready_for_test", "testing", "tested"];

    /// <summary>The drill states (migration test).</summary>
    public static readonly IReadOnlyList<string> Drill = ["premigready", "premiging", "premiged", "premigfailed"];

    /// <summary>Huawei ignores UpdateCopyState (200, no effect) while a source shows one of these.</summary>
    public static readonly IReadOnlyList<string> Frozen = ["unavailable", "stopping", "stopped", "deleting", "finished", "clearing", "clearfailed"];

    /// <summary>
    /// The source state a request value stands for. Older SDKs send upper case (INIT, WAITING, ...),
    /// the current docs lower case; both are accepted.
    /// </summary>
    public static string? Normalize(string? copystate)
    {
        if (copystate is null) return null;
        var lower = copystate.ToLowerInvariant();
        return lower == "init" ? "initialize" : lower;
    }

    public static bool IsKnown(string copystate) => All.Contains(copystate.ToLowerInvariant());

    /// <summary>
    /// The state a source shows. A copy state set by the agent holds while the source's task is the
    /// one, in the state, it was set under; once the task moves on, the task's state speaks again.
    /// </summary>
    public static string Shown(SourceServer source, MigrationTask? task) =>
        Shown(source.State, source.Copystate, source.CopystateTaskId, source.CopystateTaskState, task);

    /// <summary>The same for the source as a task's body shows it.</summary>
    public static string Shown(TaskSource source, MigrationTask task) =>
        Shown(source.State, source.Copystate, source.CopystateTaskId, source.CopystateTaskState, task);

    static string Shown(string state, string? copystate, string? copystateTaskId, string? copystateTaskState, MigrationTask? task) =>
        copystate is not null && task is not null && copystateTaskId == task.Id && copystateTaskState == task.State
            ? copystate
            : SourceStates.Derive(state, task?.State);

    /// <summary>
    /// Whether an UpdateCopyState takes effect. Huawei ignores it in the frozen states; a drill state
    /// is still taken from a finished task that has the drill enabled, since the drill follows the copy.
    /// </summary>
    public static bool Applies(string shown, string copystate, MigrationTask? task) =>
        !Frozen.Contains(shown) || (Drill.Contains(copystate) && task is { NeedMigrationTest: true } && shown == "finished");
}
