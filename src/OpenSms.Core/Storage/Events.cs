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
