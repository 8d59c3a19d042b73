using System.Text.Json.Nodes;
using OpenSms.Core.Contracts;

namespace OpenSms.Client;

public sealed partial class OpenSmsClient
{
    /// <summary>Extension, operator only: creates an account (tenant) with its <c>default</c> project and <c>admin</c>.</summary>
    /// <param name="name">1–64 letters, digits, _ or -.</param>
    /// <param name="adminPassword">The new account's administrator password (8–128 characters).</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<IdName> CreateAccountAsync(string name, string adminPassword, CancellationToken ct = default) =>
        (await SendAsync<AccountResponse>(HttpMethod.Post, "/v3/opensms/accounts", new CreateAccountRequest(name, adminPassword), ct)).Account;

    /// <summary>Extension, operator only: every account.</summary>
    /// <param name="ct">Cancels the request.</param>
    public async Task<IReadOnlyList<IdName>> ListAccountsAsync(CancellationToken ct = default) =>
        (await SendAsync<AccountsResponse>(HttpMethod.Get, "/v3/opensms/accounts", null, ct)).Accounts;

    /// <summary>Extension, operator only: deletes an account that has no sources or tasks.</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task DeleteAccountAsync(string accountId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/v3/opensms/accounts/{Escape(accountId)}", null, ct);

    /// <summary>
    /// Decodes the <c>encoded_authorization_message</c> of a 403 (administrators of the same
    /// account): who asked for what, on which resource, and which statement decided.
    /// </summary>
    /// <param name="encodedMessage">The value from <see cref="OpenSmsApiException.EncodedAuthorizationMessage"/>.</param>
    /// <param name="ct">Cancels the request.</param>
    /// <returns>The <c>decoded_message</c> object.</returns>
    public async Task<JsonObject> DecodeAuthorizationMessageAsync(string encodedMessage, CancellationToken ct = default)
    {
        var answer = await SendAsync<JsonObject>(HttpMethod.Post, "/v5/authorization-messages/decode", new DecodeRequest(encodedMessage), ct);
        return answer["decoded_message"] as JsonObject ?? answer;
    }

    /// <summary>Extension: the account's audit log, newest first (<c>{"audit": [...], "next_marker"}</c>).</summary>
    /// <param name="limit">At most this many entries (1–1000, default 100).</param>
    /// <param name="marker">The <c>next_marker</c> of the previous page.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<JsonObject> ListAuditAsync(int? limit = null, long? marker = null, CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, WithQuery("/v3/opensms/audit", ("limit", limit), ("marker", marker)), null, ct);
}
