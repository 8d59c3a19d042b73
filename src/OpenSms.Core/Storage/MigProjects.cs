namespace OpenSms.Core.Storage;

/// <summary>A migration project (reference §1.3): defaults for the tasks of the source servers it groups.</summary>
public sealed record MigProject
{
    public required string Id { get; init; }
    public required string DomainId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public bool IsDefault { get; init; }
    public required string Region { get; init; }
    public bool StartTargetServer { get; init; } = true;
    public int SpeedLimit { get; init; }
    public bool UsePublicIp { get; init; } = true;
    public bool ExistServer { get; init; } = true;
    public required string Type { get; init; }
    public string EnterpriseProject { get; init; } = "default";
    public bool Syncing { get; init; }
    public bool? StartNetworkCheck { get; init; }
    public required long CreatedAt { get; init; }
}

public enum MigProjectResult { Done, NotFound, NameTaken, IsDefault }

/// <summary>
/// Migration projects of an account. Sources whose project was never set belong to the default
/// project; before the default moves, they are pinned to the project that was default.
/// </summary>
public interface IMigProjectStore
{
    /// <summary>The account's default project, created from <paramref name="candidate"/> when it has none.</summary>
    Task<MigProject> EnsureDefaultAsync(MigProject candidate, CancellationToken ct);

    /// <summary>Creates the project; one created as default takes the default from the current one.</summary>
    Task<MigProjectResult> CreateAsync(MigProject project, CancellationToken ct);

    Task<(int Count, IReadOnlyList<MigProject> Items)> ListAsync(string domainId, int limit, int offset, CancellationToken ct);
    Task<MigProject?> FindAsync(string domainId, string id, CancellationToken ct);

    /// <summary>Replaces the project's fields; <see cref="MigProject.IsDefault"/> true also makes it the default.</summary>
    Task<MigProjectResult> UpdateAsync(MigProject project, CancellationToken ct);

    /// <summary>Deletes a project that is not the default; its sources go back to the default project.</summary>
    Task<MigProjectResult> DeleteAsync(string domainId, string id, CancellationToken ct);

    Task<MigProjectResult> SetDefaultAsync(string domainId, string id, CancellationToken ct);
}

public interface IPrivacyStore
{
    Task<bool> HasAgreedAsync(string domainId, CancellationToken ct);
    Task AgreeAsync(string domainId, string userId, long now, CancellationToken ct);
}
