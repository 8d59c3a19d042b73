namespace OpenSms.Core.Storage;

/// <summary>An account (IAM "domain"): the tenant that owns users, sources and tasks.</summary>
public sealed record Account
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required long CreatedAt { get; init; }
}

/// <summary>A project of an account; tokens are scoped to one.</summary>
public sealed record Project
{
    public required string Id { get; init; }
    public required string DomainId { get; init; }
    public required string Name { get; init; }
}

public sealed record User
{
    public required string Id { get; init; }
    public required string DomainId { get; init; }
    public required string Name { get; init; }
    public required string PasswordHash { get; init; }
    public required bool Enabled { get; init; }
    public required bool IsAdmin { get; init; }
    public required long CreatedAt { get; init; }
}

public enum CreateResult { Created, AlreadyExists }

public enum DeleteAccountResult { Deleted, NotFound, NotEmpty }

public interface IAccountStore
{
    Task<bool> AnyAccountAsync(CancellationToken ct);
    Task<CreateResult> CreateAccountAsync(Account account, Project project, User admin, CancellationToken ct);
    Task<Account?> FindAccountByNameAsync(string name, CancellationToken ct);
    Task<Account?> FindAccountAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct);
    Task<DeleteAccountResult> DeleteAccountAsync(string id, CancellationToken ct);
    Task<User?> FindUserByNameAsync(string domainId, string name, CancellationToken ct);
    Task<IReadOnlyList<Project>> ListProjectsAsync(string domainId, CancellationToken ct);
}

/// <summary>Revoked token ids, kept until the token would have expired anyway.</summary>
public interface IRevocationStore
{
    Task AddAsync(string tokenId, long expiresAt, CancellationToken ct);
    Task<IReadOnlyList<string>> ListUnexpiredAsync(long now, CancellationToken ct);
    /// <summary>Forgets the tokens that have expired by <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(long now, CancellationToken ct);
}
