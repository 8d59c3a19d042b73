namespace OpenSms.Core.Storage;

public sealed record EnterpriseProject
{
    public required string Id { get; init; }
    public required string DomainId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public int Status { get; init; } = 1;
    public required long CreatedAt { get; init; }
}

/// <summary>An identity policy as stored: the document is kept as the text the administrator sent.</summary>
public sealed record StoredPolicy
{
    public required string Id { get; init; }
    public required string DomainId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string Document { get; init; }
    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }
    public int AttachmentCount { get; init; }
}

/// <summary>An access key; the secret is stored encrypted under the server key.</summary>
public sealed record AccessKey
{
    public required string Access { get; init; }
    public required string DomainId { get; init; }
    public required string UserId { get; init; }
    public required string SecretEnc { get; init; }
    public required string Status { get; init; }
    public string? Description { get; init; }
    public required long CreatedAt { get; init; }
}

public sealed record AuditEntry
{
    public long Id { get; init; }
    public required long At { get; init; }
    public required string DomainId { get; init; }
    public string? UserId { get; init; }
    public string? UserName { get; init; }
    public string? AccessKey { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public string? Action { get; init; }
    public string? Resource { get; init; }
    public required string Decision { get; init; }
    public required int Status { get; init; }
    public string? SourceIp { get; init; }
    public required string RequestId { get; init; }
}

public enum AttachResult { Done, PolicyNotFound, UserNotFound }

/// <summary>Users, enterprise projects, policies and keys of an account; every call is scoped to one.</summary>
public interface IIamStore
{
    Task<CreateResult> CreateUserAsync(User user, CancellationToken ct);
    Task<IReadOnlyList<User>> ListUsersAsync(string domainId, CancellationToken ct);
    Task<User?> FindUserAsync(string domainId, string id, CancellationToken ct);
    Task<bool> DeleteUserAsync(string domainId, string id, CancellationToken ct);

    Task<CreateResult> CreateEnterpriseProjectAsync(EnterpriseProject project, CancellationToken ct);
    Task<IReadOnlyList<EnterpriseProject>> ListEnterpriseProjectsAsync(string domainId, CancellationToken ct);

    Task<CreateResult> CreatePolicyAsync(StoredPolicy policy, CancellationToken ct);
    Task<IReadOnlyList<StoredPolicy>> ListPoliciesAsync(string domainId, CancellationToken ct);
    Task<StoredPolicy?> FindPolicyAsync(string domainId, string id, CancellationToken ct);
    Task<bool> DeletePolicyAsync(string domainId, string id, CancellationToken ct);
    Task<AttachResult> AttachAsync(string domainId, string policyId, string userId, long now, CancellationToken ct);
    Task<AttachResult> DetachAsync(string domainId, string policyId, string userId, CancellationToken ct);
    /// <summary>The policies attached to a user, for the evaluator's cache.</summary>
    Task<IReadOnlyList<StoredPolicy>> ListUserPoliciesAsync(string userId, CancellationToken ct);

    Task CreateKeyAsync(AccessKey key, CancellationToken ct);
    Task<IReadOnlyList<AccessKey>> ListKeysAsync(string domainId, string? userId, CancellationToken ct);
    /// <summary>Looks a key up by its id alone: a signed request names only the key.</summary>
    Task<AccessKey?> FindKeyAsync(string access, CancellationToken ct);
    Task<bool> DeleteKeyAsync(string domainId, string access, CancellationToken ct);

    Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct);
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string domainId, int limit, long? beforeId, CancellationToken ct);
    /// <summary>Deletes the audit entries recorded before <paramref name="before"/> (epoch ms); returns how many.</summary>
    Task<int> PruneAuditAsync(long before, CancellationToken ct);
}
