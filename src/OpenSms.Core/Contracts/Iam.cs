namespace OpenSms.Core.Contracts;

public sealed record CreateUserRequest(NewUser? User);

public sealed record NewUser(string? Name, string? Password, string? DomainId, bool? Enabled);

public sealed record UserView(string Id, string Name, string DomainId, bool Enabled);

public sealed record UserResponse(UserView User);

public sealed record UsersResponse(IReadOnlyList<UserView> Users);

public sealed record CreateEnterpriseProjectRequest(string? Name, string? Description);

public sealed record EnterpriseProjectView(string Id, string Name, string? Description, int Status, long CreatedAt);

public sealed record EnterpriseProjectResponse(EnterpriseProjectView EnterpriseProject);

public sealed record EnterpriseProjectsResponse(IReadOnlyList<EnterpriseProjectView> EnterpriseProjects, int TotalCount);

public sealed record CreatePolicyRequest(string? PolicyName, string? PolicyDocument, string? Description);

public sealed record PolicyView(
    string PolicyId, string PolicyName, string PolicyType, string DefaultVersionId, int AttachmentCount,
    string? Description, string Urn, long CreatedAt, long UpdatedAt)
{
    /// <summary>Extension: the document itself, on ShowPolicy only.</summary>
    public string? PolicyDocument { get; init; }
}

public sealed record PolicyResponse(PolicyView Policy);

public sealed record PoliciesResponse(IReadOnlyList<PolicyView> Policies);

public sealed record AttachUserRequest(string? UserId);

public sealed record CreateCredentialRequest(NewCredential? Credential);

public sealed record NewCredential(string? UserId, string? Description);

public sealed record CredentialView(string Access, string UserId, string Status, string CreateTime, string? Description)
{
    /// <summary>Present only in the response that creates the key.</summary>
    public string? Secret { get; init; }
}

public sealed record CredentialResponse(CredentialView Credential);

public sealed record CredentialsResponse(IReadOnlyList<CredentialView> Credentials);

public sealed record DecodeRequest(string? EncodedAuthorizationMessage);
