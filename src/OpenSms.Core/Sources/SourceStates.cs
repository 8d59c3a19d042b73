using OpenSms.Core.Tasks;

namespace OpenSms.Core.Sources;

/// <summary>Source-server states (reference §2.12) and how a task's state shows on its source.</summary>
public static class SourceStates
{
    public static readonly IReadOnlyList<string> All =
    [
        "unavailable", "waiting", "initialize", "replicate", "syncing", "stopping", "stopped", "skipping",
        "deleting", "clearing", "cleared", "clearfailed", "premigready", "premiging", "premiged",
        "premigfailed", "cloning", "cutovering", "finished", "error",
    ];

    /// <summary>The state a source shows: its current task's, when it has one, else what it registered.</summary>
    public static string Derive(string registered, string? taskState) =>
        taskState is null ? registered : ByTaskState.GetValueOrDefault(taskState, "error");

    /// <summary>Task state → source state; task states not listed show as <c>error</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByTaskState = new Dictionary<string, string>
    {
        [TaskStates.Ready] = "initialize",
        [TaskStates.Running] = "replicate",
        [TaskStates.Syncing] = "syncing",
        [TaskStates.Aborting] = "stopping",
        [TaskStates.Abort] = "stopped",
        [TaskStates.Skipping] = "skipping",
        [TaskStates.Deleting] = "deleting",
        [TaskStates.MigrateSuccess] = "finished",
        [TaskStates.SyncSuccess] = "finished",
    };
}
