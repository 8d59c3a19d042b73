using System.Text.Json.Nodes;

namespace OpenSms.Cli.Output;

/// <summary>What a person wants to see of a task in one line: where it is, how fast, how long to go.</summary>
sealed record TaskView(
    string Id, string Name, string State, string? Subtask, long? SubtaskProgress, double Percent,
    double? SpeedMbps, long? EtaSeconds, long? Replicated, long? Total, string? Source)
{
    public static readonly IReadOnlySet<string> ActiveStates = new HashSet<string> { "RUNNING", "SYNCING", "ABORTING", "SKIPPING" };

    public bool IsActive => ActiveStates.Contains(State);

    public bool IsFinished => State is "MIGRATE_SUCCESS" or "SYNC_SUCCESS";

    public static TaskView From(JsonNode task)
    {
        var subtasks = task.Items("sub_tasks").ToList();
        var current = subtasks.LastOrDefault(s => s["end_date"] is null) ?? subtasks.LastOrDefault();
        var state = task.Str("state") ?? "";
        var replicated = task.Long("replicatesize");
        var total = task.Long("totalsize");
        var speed = task.Double("migrate_speed");
        // The bar follows the bytes copied, which is what the wait is for; a finished task is full.
        var percent = state is "MIGRATE_SUCCESS" or "SYNC_SUCCESS" ? 100
            : total is > 0 ? Math.Min(100, 100.0 * (replicated ?? 0) / total.Value)
            : 0;
        var eta = task.Long("remain_seconds")
                  ?? (speed is > 0 && total is > 0 ? (long)((total.Value - (replicated ?? 0)) / (speed.Value * 125_000)) : null);
        return new TaskView(
            task.Str("id") ?? "", task.Str("name") ?? "", state, current.Str("name"), current.Long("progress"), percent,
            speed, state is "MIGRATE_SUCCESS" or "SYNC_SUCCESS" ? 0 : eta, replicated, total, task["source_server"].Str("name"));
    }

    /// <summary>"MIGRATE_LINUX_FILE 45%", or the state when no subtask has started.</summary>
    public string Step => Subtask is null ? "" : $"{Subtask} {SubtaskProgress}%";
}
