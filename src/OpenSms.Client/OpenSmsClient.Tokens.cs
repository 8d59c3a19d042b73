using System.Net.Http.Json;
using OpenSms.Core.Contracts;

namespace OpenSms.Client;

/// <summary>A token and what the server says about it.</summary>
/// <param name="Token">The value to send as <c>X-Auth-Token</c>.</param>
/// <param name="Details">The Keystone token body: user, account (domain), project, expiry.</param>
public sealed record LoginResult(string Token, TokenBody Details);

public sealed partial class OpenSmsClient
{
    /// <summary>
    /// Gets a token with the IAM password method (<c>POST /v3/auth/tokens</c>) and uses it for
    /// every later request (<see cref="Token"/>).
    /// </summary>
    /// <param name="user">The IAM user name.</param>
    /// <param name="password">Its password.</param>
    /// <param name="account">The account (domain) name; the server's operator account when null.</param>
    /// <param name="project">The project to scope the token to; account-scoped when null.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<LoginResult> LoginAsync(string user, string password, string? account = null, string? project = "default", CancellationToken ct = default)
    {
        var body = new AuthRequest(new AuthBody(
            new AuthIdentity(["password"], new PasswordMethod(new PasswordUser(null, user, password, account is null ? null : new NameOrId(null, account)))),
            project is null ? null : new AuthScope(new NameOrId(null, project), null)));
        Token = null;
        using var response = await SendCheckedAsync(HttpMethod.Post, "/v3/auth/tokens", body, ct);
        var token = response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.First()
            : throw new InvalidOperationException("The token response has no X-Subject-Token header.");
        var details = await response.Content.ReadFromJsonAsync<TokenResponse>(ClientJson.Options, ct);
        Token = token;
        return new LoginResult(token, details!.Token);
    }

    /// <summary>Checks a token of the caller's account (<c>GET /v3/auth/tokens</c>); 404 when it is not valid.</summary>
    /// <param name="token">The token to check (sent as <c>X-Subject-Token</c>).</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<TokenBody> ValidateTokenAsync(string token, CancellationToken ct = default)
    {
        using var response = await SendCheckedAsync(HttpMethod.Get, "/v3/auth/tokens", null, ct, r => r.Headers.Add("X-Subject-Token", token));
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(ClientJson.Options, ct))!.Token;
    }

    /// <summary>Revokes a token (<c>DELETE /v3/auth/tokens</c>).</summary>
    /// <param name="token">The token to revoke (sent as <c>X-Subject-Token</c>).</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task RevokeTokenAsync(string token, CancellationToken ct = default)
    {
        using var response = await SendCheckedAsync(HttpMethod.Delete, "/v3/auth/tokens", null, ct, r => r.Headers.Add("X-Subject-Token", token));
    }

    /// <summary>
    /// The caller's account (<c>GET /v3/auth/domains</c>), as Huawei SDKs ask for it; the answer's
    /// <c>domains[0]</c> is the account.
    /// </summary>
    /// <param name="ct">Cancels the request.</param>
    public Task<System.Text.Json.Nodes.JsonObject> ListDomainsAsync(CancellationToken ct = default) =>
        SendAsync<System.Text.Json.Nodes.JsonObject>(HttpMethod.Get, "/v3/auth/domains", null, ct);

    /// <summary>The caller's projects (<c>GET /v3/projects</c>), optionally by name, as Huawei SDKs discover their project id.</summary>
    /// <param name="name">The project (region) name to look for, or null for all.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<System.Text.Json.Nodes.JsonObject> ListProjectsAsync(string? name = null, CancellationToken ct = default) =>
        SendAsync<System.Text.Json.Nodes.JsonObject>(HttpMethod.Get, WithQuery("/v3/projects", ("name", name)), null, ct);
}
