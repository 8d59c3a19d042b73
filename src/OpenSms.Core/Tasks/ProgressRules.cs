namespace OpenSms.Core.Tasks;

/// <summary>How a progress report moves its task's state (CONTRACT.md, Tasks and progress).</summary>
public static class ProgressRules
{
    /// <summary>The state after a report, given the state before it. Callers check AcceptsProgress first.</summary>
    public static string NextState(string current, string subtaskName, int progress)
    {
        // A stop is in flight: the agent may still report while it winds down, but nothing restarts it.
        if (current == TaskStates.Aborting) return current;
        if (SubtaskNames.IsFinal(subtaskName) && progress == 100)
            return current == TaskStates.Syncing ? TaskStates.SyncSuccess : TaskStates.MigrateSuccess;
        if (SubtaskNames.IsSync(subtaskName)) return TaskStates.Syncing;
        return current == TaskStates.Ready ? TaskStates.Running : current;
    }

    public static bool IsFinished(string state) =>
        state is TaskStates.MigrateSuccess or TaskStates.SyncSuccess;
}
