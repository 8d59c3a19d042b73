namespace OpenSms.Core.Storage;

/// <summary>A source whose migration failed, as ListErrorServers shows it.</summary>
public sealed record ErrorServer
{
    public required string SourceId { get; init; }
    public required string Name { get; init; }
    public string? Hostname { get; init; }
    public string? Ip { get; init; }
    public string? ErrorJson { get; init; }
    public string? TaskSpecJson { get; init; }
}

public sealed record ErrorQuery(string? Migproject, string? EnterpriseProjectId, int Limit, int Offset);

/// <summary>What operators and agents change on a registered source, and the account-wide views of sources.</summary>
public interface ISourceDetailStore
{
    /// <summary>
    /// Reads the source with its task and writes back what <paramref name="update"/> returns (name,
    /// project, registration, state, migration cycle, copy state), in one transaction; a null
    /// result writes nothing. False when the source is not the caller's.
    /// </summary>
    Task<bool> UpdateAsync(string domainId, string id, Func<SourceWithTask, SourceServer?> update, CancellationToken ct);

    /// <summary>How many of the account's sources show each state.</summary>
    Task<IReadOnlyDictionary<string, int>> CountByStateAsync(string domainId, CancellationToken ct);

    /// <summary>The account's sources that show <c>error</c>, with their task's error.</summary>
    Task<(int Count, IReadOnlyList<ErrorServer> Items)> ListErrorsAsync(string domainId, ErrorQuery query, CancellationToken ct);
}
