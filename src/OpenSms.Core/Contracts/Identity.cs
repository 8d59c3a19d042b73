namespace OpenSms.Core.Contracts;

/// <summary>IAM password-method token request (reference §4.4).</summary>
public sealed record AuthRequest(AuthBody? Auth);

public sealed record AuthBody(AuthIdentity? Identity, AuthScope? Scope);

public sealed record AuthIdentity(IReadOnlyList<string>? Methods, PasswordMethod? Password);

public sealed record PasswordMethod(PasswordUser? User);

public sealed record PasswordUser(string? Id, string? Name, string? Password, NameOrId? Domain);

public sealed record NameOrId(string? Id, string? Name);

public sealed record AuthScope(NameOrId? Project, NameOrId? Domain);

public sealed record TokenResponse(TokenBody Token);

public sealed record TokenBody(
    string ExpiresAt, string IssuedAt, IReadOnlyList<string> Methods, IReadOnlyList<CatalogEntry> Catalog,
    IdName Domain, TokenProject? Project, IReadOnlyList<IdName> Roles, TokenUser User);

public sealed record CatalogEntry(string Type, string Id, string Name, IReadOnlyList<CatalogEndpoint> Endpoints);

public sealed record CatalogEndpoint(string Url, string Region, string RegionId, string Interface, string Id);

public sealed record IdName(string Id, string Name);

public sealed record TokenProject(string Id, string Name, IdName Domain);

public sealed record TokenUser(string Id, string Name, IdName Domain, string PasswordExpiresAt);

public sealed record CreateAccountRequest(string? Name, string? AdminPassword);

public sealed record AccountResponse(IdName Account);

public sealed record AccountsResponse(IReadOnlyList<IdName> Accounts);
