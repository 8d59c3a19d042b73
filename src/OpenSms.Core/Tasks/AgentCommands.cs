namespace OpenSms.Core.Tasks;

/// <summary>What <c>GET /v3/sources/{id}/command</c> tells a polling agent (reference §2.12).</summary>
public static class AgentCommands
{
    public const string Start = "START";
    public const string Stop = "STOP";
    public const string Skip = "SKIP";
    public const string PreMigrate = "PREMIGRATE";
    public const string TaskNotStarted = "TASK_NOT_STARTED";
    public const string TaskHasStopped = "TASK_HAS_STOPPED";
    public const string TaskHasFinished = "TASK_HAS_FINISHED";

    /// <summary>Command names an agent may acknowledge with UpdateCommandResult.</summary>
    public static readonly IReadOnlyList<string> Results = ["START", "STOP", "DELETE", "SYNC", "UPLOAD_LOG", "RSET_LOG_ACL", "SKIP", "PREMIGRATE"];

    /// <summary>
    /// A pending one-shot command wins; otherwise the command follows from the task's state, so an
    /// agent that missed a poll still converges on what the operator asked for.
    /// </summary>
    public static string ForTask(string? state, string? pending) => pending ?? state switch
    {
        null or TaskStates.Ready => TaskNotStarted,
        TaskStates.Running or TaskStates.Syncing or TaskStates.Skipping => Start,
        TaskStates.Aborting => Stop,
        TaskStates.MigrateSuccess or TaskStates.SyncSuccess => TaskHasFinished,
        _ => TaskHasStopped,
    };

    /// <summary>The task state after the agent acknowledged a command, or null when it stays.</summary>
    public static string? StateAfterResult(string state, string command, bool success) => (command, success) switch
    {
        (Stop, true) when state == TaskStates.Aborting => TaskStates.Abort,
        (Start, false) when state is TaskStates.Running or TaskStates.Ready => TaskStates.MigrateFail,
        (Start, true) when state == TaskStates.Ready => TaskStates.Running,
        _ => null,
    };
}
