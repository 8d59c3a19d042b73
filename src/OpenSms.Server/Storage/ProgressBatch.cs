using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage;

/// <summary>
/// The part of a progress batch that is not SQL, shared by both providers: given the batch's tasks
/// and subtasks as read at the start of its transaction, it applies every report in order in
/// memory, exactly as one report at a time would, and leaves what to write: each touched task
/// once with its last state, each touched subtask once, and every accepted report as a sample.
/// </summary>
public sealed class ProgressBatch
{
    readonly Dictionary<string, ProgressTaskRow> tasks;
    readonly Dictionary<string, List<SubtaskRow>> subtasks = new(StringComparer.Ordinal);
    readonly Dictionary<string, TaskWrite> taskWrites = new(StringComparer.Ordinal);

    ProgressBatch(IEnumerable<ProgressTaskRow> taskRows, IEnumerable<SubtaskRow> subtaskRows)
    {
        tasks = taskRows.ToDictionary(t => t.Id, StringComparer.Ordinal);
        foreach (var s in subtaskRows) SubtasksOf(s.TaskId).Add(s);
    }

    /// <summary>One result per report, in the batch's order.</summary>
    public required ProgressResult[] Results { get; init; }

    /// <summary>Every accepted report with what it did, in order: one sample each.</summary>
    public List<AppliedReport> Applied { get; } = [];

    /// <summary>The tasks to update, each with the outcome of its last accepted report.</summary>
    public IEnumerable<TaskWrite> Tasks => taskWrites.Values;

    /// <summary>The subtasks to insert or update, in the order they were first touched.</summary>
    public List<SubtaskRow> Subtasks { get; } = [];

    /// <summary>The distinct task ids a batch names, sorted so every writer locks them in one order.</summary>
    public static string[] TaskIds(IReadOnlyList<ProgressReport> reports) =>
        reports.Select(r => r.TaskId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    public static ProgressBatch Plan(
        IReadOnlyList<ProgressReport> reports, IEnumerable<ProgressTaskRow> taskRows, IEnumerable<SubtaskRow> subtaskRows, OverSpeedJudge judge)
    {
        var batch = new ProgressBatch(taskRows, subtaskRows) { Results = new ProgressResult[reports.Count] };
        for (var i = 0; i < reports.Count; i++) batch.Results[i] = batch.Apply(reports[i], judge);
        return batch;
    }

    ProgressResult Apply(ProgressReport r, OverSpeedJudge judge)
    {
        if (!tasks.TryGetValue(r.TaskId, out var task) || task.DomainId != r.DomainId) return new ProgressResult(ProgressStatus.TaskNotFound);
        var state = task.State;
        if (!TaskStates.AcceptsProgress(state)) return new ProgressResult(ProgressStatus.StateConflict, state);

        ApplySubtask(r);
        var row = new OverSpeedTaskRow
        {
            State = state, SpeedLimit = task.SpeedLimit, OverSpeedThreshold = task.OverSpeedThreshold,
            SpeedSchedule = task.SpeedSchedule, OverspeedState = task.OverspeedState,
        };
        var outcome = judge.Judge(row, ProgressRules.NextState(state, r.SubtaskName, r.Progress), r);
        task.State = outcome.Next;
        task.OverspeedState = outcome.DetectorJson;

        if (!taskWrites.TryGetValue(r.TaskId, out var write)) taskWrites[r.TaskId] = write = new TaskWrite(r, state);
        write.Add(r, outcome);
        Applied.Add(new AppliedReport(r, state, outcome));
        return new ProgressResult(ProgressStatus.Applied);
    }

    void ApplySubtask(ProgressReport r)
    {
        var now = r.ReceivedAt;
        var ended = r.Progress == 100 ? (long?)now : null;
        var list = SubtasksOf(r.TaskId);
        var existing = list.Find(s => s.Name == r.SubtaskName);
        if (existing is not null)
        {
            existing.Progress = r.Progress;
            existing.ProcessTrace = r.ProcessTrace;
            existing.MigrateSpeed = r.MigrateSpeed ?? existing.MigrateSpeed;
            existing.EndDate ??= ended;
            Touch(existing);
            return;
        }
        // A new subtask means the agent has moved on: whatever was still open has ended.
        foreach (var open in list.Where(s => s.EndDate is null))
        {
            open.EndDate = now;
            Touch(open);
        }
        var added = new SubtaskRow
        {
            TaskId = r.TaskId, Name = r.SubtaskName, Progress = r.Progress, StartDate = now, EndDate = ended,
            ProcessTrace = r.ProcessTrace, MigrateSpeed = r.MigrateSpeed, IsNew = true,
        };
        list.Add(added);
        Touch(added);
    }

    void Touch(SubtaskRow s)
    {
        if (s.Touched) return;
        s.Touched = true;
        Subtasks.Add(s);
    }

    List<SubtaskRow> SubtasksOf(string taskId)
    {
        if (!subtasks.TryGetValue(taskId, out var list)) subtasks[taskId] = list = [];
        return list;
    }
}

/// <summary>The columns of a task a progress batch reads, once per task, at the start of its transaction.</summary>
public sealed class ProgressTaskRow
{
    public string Id { get; init; } = "";
    public string DomainId { get; init; } = "";
    public string State { get; set; } = "";
    public int SpeedLimit { get; init; }
    public double? OverSpeedThreshold { get; init; }
    public string? SpeedSchedule { get; init; }
    public string? OverspeedState { get; set; }

    /// <summary>The task's newest sample and when it came (SQLite's chain of samples by task, migration 0019).</summary>
    public long? LastSampleId { get; set; }
    public long? LastSampleAt { get; set; }
}

/// <summary>One subtask row as read, then as the batch leaves it.</summary>
public sealed class SubtaskRow
{
    public string TaskId { get; init; } = "";
    public string Name { get; init; } = "";
    public int Progress { get; set; }
    public long StartDate { get; init; }
    public long? EndDate { get; set; }
    public string? ProcessTrace { get; set; }
    public double? MigrateSpeed { get; set; }

    /// <summary>Not in the table yet: insert rather than update.</summary>
    public bool IsNew { get; set; }

    internal bool Touched { get; set; }

    /// <summary>After the commit: the row is in the table and untouched, as a later batch that keeps it will see it.</summary>
    public void Written()
    {
        IsNew = false;
        Touched = false;
    }
}

/// <summary>An accepted report, the state its task was in before it, and what it did.</summary>
public sealed record AppliedReport(ProgressReport Report, string StateBefore, OverSpeedOutcome Outcome);

/// <summary>
/// One task's update for a whole batch: the last accepted report's numbers, and for the columns one
/// report at a time would only set when it carries a value, the last such value.
/// </summary>
public sealed class TaskWrite(ProgressReport first, string stateBefore)
{
    public string TaskId { get; } = first.TaskId;

    /// <summary>
    /// Whether the batch moved the task to another state. Most batches do not, and an update that
    /// leaves the state column out spares SQLite the state indexes and the state-count trigger.
    /// </summary>
    public bool StateChanged => Next != stateBefore;

    /// <summary>The receive time of the batch's first report on the task: start_date if it has none yet.</summary>
    public long FirstAt { get; } = first.ReceivedAt;

    public ProgressReport Last { get; private set; } = first;
    public OverSpeedOutcome Outcome { get; private set; }
    public bool? NeedMigrationTest { get; private set; }
    public ClockSkewReading? Skew { get; private set; }

    public string Next => Outcome.Next;
    public bool Finished => ProgressRules.IsFinished(Outcome.Next);

    /// <summary>
    /// A stop is the task's last accepted report (ABORT accepts none), so the last outcome says
    /// whether the batch stopped it.
    /// </summary>
    public bool Stopped => Outcome.Stopped;

    public long? Eta => Last.RemainTime is { } remain ? Last.ReceivedAt + remain * 1000 : null;

    public string SubtaskInfo => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Last.SubtaskName}:{Last.Progress}");

    internal void Add(ProgressReport r, OverSpeedOutcome outcome)
    {
        Last = r;
        Outcome = outcome;
        NeedMigrationTest = r.NeedMigrationTest ?? NeedMigrationTest;
        Skew = outcome.Skew ?? Skew;
    }
}
