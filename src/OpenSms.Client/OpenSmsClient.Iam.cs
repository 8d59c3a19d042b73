using OpenSms.Core.Contracts;

namespace OpenSms.Client;

public sealed partial class OpenSmsClient
{
    /// <summary>Creates an IAM user in the caller's account (<c>POST /v3/users</c>).</summary>
    /// <param name="name">1–64 letters, digits, '.', '_' or '-'.</param>
    /// <param name="password">8–128 characters.</param>
    /// <param name="enabled">Whether the user may sign in.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<UserView> CreateUserAsync(string name, string password, bool enabled = true, CancellationToken ct = default) =>
        (await SendAsync<UserResponse>(HttpMethod.Post, "/v3/users", new CreateUserRequest(new NewUser(name, password, null, enabled)), ct)).User;

    /// <summary>The users of the caller's account (<c>GET /v3/users</c>).</summary>
    /// <param name="ct">Cancels the request.</param>
    public async Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken ct = default) =>
        (await SendAsync<UsersResponse>(HttpMethod.Get, "/v3/users", null, ct)).Users;

    /// <summary>One user (<c>GET /v3/users/{id}</c>).</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<UserView> ShowUserAsync(string userId, CancellationToken ct = default) =>
        (await SendAsync<UserResponse>(HttpMethod.Get, $"/v3/users/{Escape(userId)}", null, ct)).User;

    /// <summary>Deletes a user with its keys and policy attachments (<c>DELETE /v3/users/{id}</c>).</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task DeleteUserAsync(string userId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/v3/users/{Escape(userId)}", null, ct);

    /// <summary>Creates an identity policy (<c>POST /v5/policies</c>); see docs/iam.md for documents.</summary>
    /// <param name="name">The policy's name, unique in the account.</param>
    /// <param name="document">The policy document as JSON text (Version 5.0 or 1.1).</param>
    /// <param name="description">An optional description.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<PolicyView> CreatePolicyAsync(string name, string document, string? description = null, CancellationToken ct = default) =>
        (await SendAsync<PolicyResponse>(HttpMethod.Post, "/v5/policies", new CreatePolicyRequest(name, document, description), ct)).Policy;

    /// <summary>The account's policies (<c>GET /v5/policies</c>).</summary>
    /// <param name="ct">Cancels the request.</param>
    public async Task<IReadOnlyList<PolicyView>> ListPoliciesAsync(CancellationToken ct = default) =>
        (await SendAsync<PoliciesResponse>(HttpMethod.Get, "/v5/policies", null, ct)).Policies;

    /// <summary>One policy with its document (<c>GET /v5/policies/{id}</c>).</summary>
    /// <param name="policyId">The policy's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<PolicyView> ShowPolicyAsync(string policyId, CancellationToken ct = default) =>
        (await SendAsync<PolicyResponse>(HttpMethod.Get, $"/v5/policies/{Escape(policyId)}", null, ct)).Policy;

    /// <summary>Deletes a policy that is attached to no one (<c>DELETE /v5/policies/{id}</c>).</summary>
    /// <param name="policyId">The policy's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task DeletePolicyAsync(string policyId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/v5/policies/{Escape(policyId)}", null, ct);

    /// <summary>Attaches a policy to a user (<c>POST /v5/policies/{id}/attach-user</c>).</summary>
    /// <param name="policyId">The policy's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task AttachPolicyAsync(string policyId, string userId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"/v5/policies/{Escape(policyId)}/attach-user", new AttachUserRequest(userId), ct);

    /// <summary>Detaches a policy from a user (<c>POST /v5/policies/{id}/detach-user</c>).</summary>
    /// <param name="policyId">The policy's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task DetachPolicyAsync(string policyId, string userId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"/v5/policies/{Escape(policyId)}/detach-user", new AttachUserRequest(userId), ct);

    /// <summary>Creates an access key for a user (<c>POST /v3.0/OS-CREDENTIAL/credentials</c>); the secret is in this answer only.</summary>
    /// <param name="userId">The user the key acts as.</param>
    /// <param name="description">An optional description.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<CredentialView> CreateCredentialAsync(string userId, string? description = null, CancellationToken ct = default) =>
        (await SendAsync<CredentialResponse>(HttpMethod.Post, "/v3.0/OS-CREDENTIAL/credentials",
            new CreateCredentialRequest(new NewCredential(userId, description)), ct)).Credential;

    /// <summary>The account's access keys, without secrets (<c>GET /v3.0/OS-CREDENTIAL/credentials</c>).</summary>
    /// <param name="userId">Only this user's keys, when given.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<IReadOnlyList<CredentialView>> ListCredentialsAsync(string? userId = null, CancellationToken ct = default) =>
        (await SendAsync<CredentialsResponse>(HttpMethod.Get, WithQuery("/v3.0/OS-CREDENTIAL/credentials", ("user_id", userId)), null, ct)).Credentials;

    /// <summary>Deletes an access key (<c>DELETE /v3.0/OS-CREDENTIAL/credentials/{access}</c>).</summary>
    /// <param name="accessKey">The AK.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task DeleteCredentialAsync(string accessKey, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/v3.0/OS-CREDENTIAL/credentials/{Escape(accessKey)}", null, ct);

    /// <summary>Creates an enterprise project (<c>POST /v1.0/enterprise-projects</c>).</summary>
    /// <param name="name">1–64 characters; <c>default</c> is reserved.</param>
    /// <param name="description">An optional description.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<EnterpriseProjectView> CreateEnterpriseProjectAsync(string name, string? description = null, CancellationToken ct = default) =>
        (await SendAsync<EnterpriseProjectResponse>(HttpMethod.Post, "/v1.0/enterprise-projects", new CreateEnterpriseProjectRequest(name, description), ct))
        .EnterpriseProject;

    /// <summary>The account's enterprise projects, the built-in <c>"0"</c> first (<c>GET /v1.0/enterprise-projects</c>).</summary>
    /// <param name="ct">Cancels the request.</param>
    public async Task<IReadOnlyList<EnterpriseProjectView>> ListEnterpriseProjectsAsync(CancellationToken ct = default) =>
        (await SendAsync<EnterpriseProjectsResponse>(HttpMethod.Get, "/v1.0/enterprise-projects", null, ct)).EnterpriseProjects;
}
