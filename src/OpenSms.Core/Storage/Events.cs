namespace OpenSms.Core.Storage;

/// <summary>
/// One row of the event log: <see cref="Data"/> is the JSON object sent as the SSE data (and a
/// webhook's body), always with "task_id" and "time"; <see cref="At"/> is its epoch ms.
/// </summary>
public sealed record TaskEvent(long Id, string DomainId, string TaskId, string Type, long At, string Data);

/// <summary>An event about to be written in the transaction that caused it; the log gives it its id.</summary>
public sealed record NewTaskEvent(string DomainId, string TaskId, string Type, long At, string Data);

/// <summary>The event types the log holds; the SSE `event:` names.</summary>
public static class EventTypes
{
    public const string Progress = "progress";
    public const string State = "state";
    public const string Health = "health";
    public const string OverSpeed = "overspeed";

    public static readonly IReadOnlyList<string> All = [Progress, State, Health, OverSpeed];
}

/// <summary>Reads and prunes the event log; events are appended by the stores whose writes cause them, in the same transaction.</summary>
public interface IEventStore
{
    /// <summary>
    /// Up to <paramref name="limit"/> events with id greater than <paramref name="afterId"/>, oldest
    /// first, of one account (null: every account) and one task (null: every task).
    /// </summary>
    Task<IReadOnlyList<TaskEvent>> ReadAfterAsync(long afterId, string? domainId, string? taskId, int limit, CancellationToken ct);

    /// <summary>Deletes the events with <c>at</c> before <paramref name="atBefore"/> (epoch ms); returns how many.</summary>
    Task<int> DeleteBeforeAsync(long atBefore, CancellationToken ct);

    /// <summary>The newest event's id, 0 when the log is empty: where a tail that wants only new events starts.</summary>
    Task<long> LastIdAsync(CancellationToken ct);
}

/// <summary>An active task as the health job sees it: its row, and what its last health event announced.</summary>
public sealed record PublishedHealth(MigrationTask Task, string? Health, string? Bottleneck);

/// <summary>A task whose assessed health or bottleneck differs from the one last announced.</summary>
public sealed record HealthChange(string DomainId, string TaskId, long At, string? Health, string? Bottleneck, string? PreviousHealth, string? PreviousBottleneck);

/// <summary>
/// The active tasks whose health may have moved since the health job's previous round: those with no
/// health announced, those that reported since <see cref="ReportedSince"/>, and those silent since
/// <see cref="SilentFrom"/> or longer (epoch ms) not yet announced NO_REPORT with an unknown
/// bottleneck. A task announced so that has sent nothing since stays so until it reports: time
/// alone cannot change it.
/// </summary>
public sealed record UnsettledHealth(long ReportedSince, long SilentFrom);

/// <summary>What the cluster-wide health job reads and writes.</summary>
public interface ITaskHealthStore
{
    /// <summary>
    /// Active tasks (an agent works on them) of every account with an id after <paramref name="afterId"/>,
    /// by id; with <paramref name="unsettled"/>, only those it names.
    /// </summary>
    Task<IReadOnlyList<PublishedHealth>> ListActiveAsync(string afterId, int limit, UnsettledHealth? unsettled, CancellationToken ct);

    /// <summary>
    /// In one transaction: each change becomes its task's published health, and each whose health is
    /// not null is announced as a health event. A change whose task's published health moved since it
    /// was read is skipped. Returns how many events were written.
    /// </summary>
    Task<int> PublishAsync(IReadOnlyList<HealthChange> changes, CancellationToken ct);

    /// <summary>Forgets the published health of tasks no longer active, so a restart announces its health afresh.</summary>
    Task ForgetInactiveAsync(CancellationToken ct);

    /// <summary>When the last completed round began (epoch ms), whichever instance ran it; null before the first.</summary>
    Task<long?> LastRoundAsync(CancellationToken ct);

    /// <summary>Records that a round which began at <paramref name="began"/> (epoch ms) has completed.</summary>
    Task RecordRoundAsync(long began, CancellationToken ct);
}
