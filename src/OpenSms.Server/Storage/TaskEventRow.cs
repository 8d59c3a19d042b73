using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage;

/// <summary>An events row as Dapper reads it on PostgreSQL (SQLite reads its log, samples included, as SqliteEventStore.LogRow).</summary>
sealed class TaskEventRow
{
    public long Id { get; init; }
    public string DomainId { get; init; } = "";
    public string TaskId { get; init; } = "";
    public string Type { get; init; } = "";
    public long At { get; init; }
    public string Data { get; init; } = "";

    public TaskEvent ToEvent() => new(Id, DomainId, TaskId, Type, At, Data);
}
