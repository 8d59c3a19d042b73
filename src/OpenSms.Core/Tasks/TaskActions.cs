namespace OpenSms.Core.Tasks;

/// <summary>The operations of <c>POST /v3/tasks/{id}/action</c> (reference §2.6).</summary>
public static class TaskOperations
{
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Restart = "restart";
    public const string Test = "test";
    public const string CloneTest = "clone_test";
    public const string NetworkCheck = "network_check";
    public const string Skip = "skip";
    public const string Clear = "clear";
    public const string MigrationTest = "migration_test";
    public const string Cutover = "cutover";
    public const string ErrorForOverspeed = "error_for_overspeed";

    public static readonly IReadOnlyList<string> All =
        [Start, Stop, Test, CloneTest, Restart, NetworkCheck, Clear, Skip, MigrationTest, Cutover, ErrorForOverspeed];
}

/// <summary>What an action does to a task, or why it may not.</summary>
/// <param name="NewState">The state after the action (may equal the current one).</param>
/// <param name="Command">A one-shot command the source's agent receives on its next ShowCommand poll.</param>
/// <param name="ErrorCode">Set when the action is refused: SMS.1038/1039/1040 or SMS.9006.</param>
/// <param name="ErrorJson">Stored as the task's error_json, when the action records a failure.</param>
public sealed record ActionOutcome(string? NewState, string? Command, string? ErrorCode, string? ErrorJson = null)
{
    public bool Allowed => ErrorCode is null;
    public static ActionOutcome Refuse(string code) => new(null, null, code);
}

public static class TaskActions
{
    /// <summary>The state machine for task actions; a pure function so it can be tested as a table.</summary>
    public static ActionOutcome Apply(string state, string operation, bool needMigrationTest) => operation switch
    {
        // "Only created or monitored tasks can be paused" (SMS.1038). A task no agent has picked up
        // stops at once; a running one waits for its agent to acknowledge STOP.
        TaskOperations.Stop => state switch
        {
            TaskStates.Ready => new(TaskStates.Abort, null, null),
            TaskStates.Running or TaskStates.Syncing => new(TaskStates.Aborting, null, null),
            _ => ActionOutcome.Refuse("SMS.1038"),
        },
        // Start a new task or resume a paused one (SMS.1039).
        TaskOperations.Start => state is TaskStates.Ready or TaskStates.Abort
            ? new(TaskStates.Running, null, null)
            : ActionOutcome.Refuse("SMS.1039"),
        // "Only tasks that failed at creation or migration can be restarted" (SMS.1040).
        TaskOperations.Restart => state is TaskStates.MigrateFail or TaskStates.SyncFail
            ? new(TaskStates.Running, null, null)
            : ActionOutcome.Refuse("SMS.1040"),
        TaskOperations.Test or TaskOperations.CloneTest or TaskOperations.Cutover =>
            ProgressRules.IsFinished(state) || state == TaskStates.Syncing
                ? new(state == TaskStates.Syncing && operation == TaskOperations.Cutover ? TaskStates.SyncSuccess : state, null, null)
                : ActionOutcome.Refuse("SMS.9006"),
        TaskOperations.MigrationTest =>
            needMigrationTest && state is TaskStates.Running or TaskStates.Syncing or TaskStates.MigrateSuccess or TaskStates.SyncSuccess
                ? new(state, AgentCommands.PreMigrate, null)
                : ActionOutcome.Refuse("SMS.9006"),
        TaskOperations.Skip => state is TaskStates.Running or TaskStates.Syncing
            ? new(state, AgentCommands.Skip, null)
            : ActionOutcome.Refuse("SMS.9006"),
        TaskOperations.NetworkCheck => state is TaskStates.Deleting
            ? ActionOutcome.Refuse("SMS.9006")
            : new(state, null, null),
        TaskOperations.Clear => TaskStates.IsActive(state)
            ? ActionOutcome.Refuse("SMS.9006")
            : new(state, null, null),
        TaskOperations.ErrorForOverspeed => state is TaskStates.Running or TaskStates.Syncing
            ? new(TaskStates.Abort, null, null, OverSpeedErrorJson)
            : ActionOutcome.Refuse("SMS.9006"),
        _ => ActionOutcome.Refuse("SMS.9006"),
    };

    public const string OverSpeedErrorJson =
        """{"error_code":"SMS.9010","error_msg":"stopped for exceeding the speed limit"}""";

    /// <summary>The message that goes with a refusal, naming the current state.</summary>
    public static string RefusalMessage(string code, string state) => code switch
    {
        "SMS.1038" => $"Only created or running tasks can be stopped; the task is {state}.",
        "SMS.1039" => $"Only new or stopped tasks can be started; the task is {state}.",
        "SMS.1040" => $"Only failed tasks can be restarted; the task is {state}.",
        _ => $"The operation is not allowed while the task is {state}.",
    };
}
