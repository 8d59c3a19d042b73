namespace OpenSms.Core.Storage;

/// <summary>
/// A registered source server. The agent's registration body is kept whole as JSON (disks,
/// networks, volume groups...) so ShowServer returns everything the agent said; the columns are
/// what OpenSms filters and reasons on.
/// </summary>
public sealed record SourceServer
{
    public required string Id { get; init; }
    public required string DomainId { get; init; }
    public required string EnterpriseProjectId { get; init; }
    public required string Name { get; init; }
    public string? Ip { get; init; }
    public string? Ipv6 { get; init; }
    public required string OsType { get; init; }
    public string? OsVersion { get; init; }
    public string? Hostname { get; init; }
    public string? AgentVersion { get; init; }
    public required string State { get; init; }
    public required long AddDate { get; init; }
    public long? LastVisitTime { get; init; }
    public required string RegistrationJson { get; init; }

    /// <summary>Null while the source is in its account's default migration project.</summary>
    public string? MigprojectId { get; init; }
    public string? MigrationCycle { get; init; }
    /// <summary>The copy state the agent set (UpdateCopyState) and the task and task state it was set under.</summary>
    public string? Copystate { get; init; }
    public string? CopystateTaskId { get; init; }
    public string? CopystateTaskState { get; init; }
    public long? StateActionTime { get; init; }
    public long? StageActionTime { get; init; }
}

/// <summary>A source with the task that is migrating it, if any.</summary>
public sealed record SourceWithTask(SourceServer Source, MigrationTask? Task);

public sealed record SourceQuery(
    string? State, string? Name, string? Id, string? Ip, string? Ipv6, string? EnterpriseProjectId,
    bool? Connected, long ConnectedSince, int Limit, int Offset)
{
    public string? Migproject { get; init; }
    public string? MigrationCycle { get; init; }
    public bool? IsConsistencyResultExist { get; init; }
}

public enum DeleteResult { Deleted, NotFound, Busy }

public readonly record struct DeleteOutcome(DeleteResult Result, string? Id = null, string? State = null);

public interface ISourceStore
{
    /// <summary>Inserts the source, or replaces the registration of the caller's existing one with that id.</summary>
    Task RegisterAsync(SourceServer source, CancellationToken ct);
    Task<SourceWithTask?> FindAsync(string domainId, string id, CancellationToken ct);
    Task<(int Count, IReadOnlyList<SourceWithTask> Items)> ListAsync(string domainId, SourceQuery query, CancellationToken ct);
    /// <summary>Deletes the sources with their finished tasks; refuses all when one is migrating.</summary>
    Task<DeleteOutcome> DeleteAsync(string domainId, IReadOnlyList<string> ids, CancellationToken ct);
    /// <summary>Records an agent's poll; false when the source is not the caller's.</summary>
    Task<bool> TouchAsync(string domainId, string id, long now, CancellationToken ct);
}
