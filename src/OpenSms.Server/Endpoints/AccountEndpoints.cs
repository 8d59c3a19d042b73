using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>Tenants (extension): the operator's administrator creates, lists and deletes accounts.</summary>
public static partial class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/opensms/accounts").WithTags("Accounts").RequireAuthorization();
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapDelete("/{account_id}", Delete);
        return app;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex AccountName();

    static SmsError? RequireOperator(Caller caller) =>
        caller.IsOperator ? null
            : SmsError.Forbidden("The current account does not have the permission to execute policy. " +
                                 "You do not have permission to perform action opensms:accounts:manage on resource accounts.");

    static async Task<Results<JsonHttpResult<AccountResponse>, SmsError>> Create(
        HttpRequest request, Caller caller, IAccountStore accounts, TimeProvider clock, CancellationToken ct)
    {
        if (RequireOperator(caller) is { } denied) return denied;
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.CreateAccountRequest, ct);
        if (body.Error is not null) return body.Error;
        var errors = new ValidationErrors();
        if (body.Value!.Name is not { } name) errors.Missing("name");
        else if (!AccountName().IsMatch(name)) errors.Add("name", "must be 1 to 64 letters, digits, _ or -");
        if (body.Value.AdminPassword is not { } password) errors.Missing("admin_password");
        else errors.Length("admin_password", password, 8, 128);
        if (errors.Any) return SmsError.Invalid(errors);

        if (await Bootstrap.CreateAccountAsync(accounts, body.Value.Name!, body.Value.AdminPassword!, clock, ct) == CreateResult.AlreadyExists)
            return SmsError.Conflict($"An account named {body.Value.Name} already exists.", "name");
        var account = await accounts.FindAccountByNameAsync(body.Value.Name!, ct);
        return TypedResults.Json(new AccountResponse(new IdName(account!.Id, account.Name)), SmsJson.Default.AccountResponse, statusCode: 201);
    }

    static async Task<Results<JsonHttpResult<AccountsResponse>, SmsError>> List(Caller caller, IAccountStore accounts, CancellationToken ct)
    {
        if (RequireOperator(caller) is { } denied) return denied;
        var all = await accounts.ListAccountsAsync(ct);
        return TypedResults.Json(new AccountsResponse(all.Select(a => new IdName(a.Id, a.Name)).ToList()), SmsJson.Default.AccountsResponse);
    }

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Delete(
        string account_id, Caller caller, IAccountStore accounts, RevocationList revoked, TimeProvider clock, CancellationToken ct)
    {
        if (RequireOperator(caller) is { } denied) return denied;
        if (account_id == caller.DomainId) return SmsError.Conflict("The operator account cannot be deleted.", "account_id");
        switch (await accounts.DeleteAccountAsync(account_id, ct))
        {
            case DeleteAccountResult.NotFound: return SmsError.NotFound("account", account_id);
            case DeleteAccountResult.NotEmpty: return SmsError.Conflict($"The account {account_id} still has source servers or tasks.", "account_id");
        }
        // Tokens verify without the database, so the account's outstanding tokens must be revoked explicitly.
        var lastExpiry = clock.GetUtcNow().Add(TokenService.Lifetime).ToUnixTimeMilliseconds();
        await revoked.RevokeAsync(TokenService.AccountRevocationId(account_id), lastExpiry, ct);
        return TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse);
    }
}
