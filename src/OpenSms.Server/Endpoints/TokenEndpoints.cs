using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>IAM-compatible tokens: the password method, validation and revocation (reference §4.4).</summary>
public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/auth/tokens").WithTags("Tokens");
        g.MapPost("", Issue).AllowAnonymous();
        g.MapGet("", Validate).RequireAuthorization();
        g.MapDelete("", Revoke).RequireAuthorization();
        return app;
    }

    // Internal: the console's sign-in goes through this same path and moves the token into a cookie.
    internal static async Task<IResult> Issue(
        HttpRequest request, IAccountStore accounts, TokenService tokens, SignInBackoff backoff, TimeProvider clock,
        IOptions<ServerOptions> options, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.AuthRequest, ct);
        if (body.Error is not null) return body.Error;
        var errors = new ValidationErrors();
        var identity = body.Value!.Auth?.Identity;
        if (identity?.Methods is not { } methods || !methods.Contains("password")) errors.Add("auth.identity.methods", "must include password");
        var user = identity?.Password?.User;
        if (string.IsNullOrEmpty(user?.Name)) errors.Missing("auth.identity.password.user.name");
        if (user?.Password is null) errors.Missing("auth.identity.password.user.password");
        if (errors.Any) return SmsError.Invalid(errors);

        // Without a domain the user is looked up in the operator's account, as a single-tenant install expects.
        var domain = user!.Domain;
        var account = domain?.Id is { } domainId ? await accounts.FindAccountAsync(domainId, ct)
            : await accounts.FindAccountByNameAsync(domain?.Name ?? Bootstrap.OperatorAccount, ct);
        var now = clock.GetUtcNow();
        // Keyed by the account's id, so naming the account by id or by name counts alike.
        var guessKey = account is null ? null : SignInBackoff.Key(account.Id, user.Name!);
        if (guessKey is not null && backoff.RetryAfter(guessKey, now) is { } wait)
            return SmsError.RateLimited(wait, "Too many failed sign-ins for this user; try again after the time in Retry-After.");
        var found = account is null ? null : await accounts.FindUserByNameAsync(account.Id, user.Name!, ct);
        if (account is null || found is null || !found.Enabled || !PasswordHasher.Verify(user.Password!, found.PasswordHash))
        {
            if (guessKey is not null) backoff.RecordFailure(guessKey, now);
            return GatewayError.Unauthorized("The username or password is wrong.");
        }
        backoff.Reset(guessKey!);

        Project? project = null;
        if (body.Value.Auth!.Scope?.Project is { } wanted)
        {
            var projects = await accounts.ListProjectsAsync(account.Id, ct);
            project = projects.FirstOrDefault(p => p.Id == wanted.Id || (wanted.Id is null && p.Name == wanted.Name));
            if (project is null) return GatewayError.Unauthorized($"project {wanted.Name ?? wanted.Id} is not in account {account.Name}.");
        }

        var claims = new TokenClaims(TokenService.NewTokenId(), found.Id, found.Name, account.Id, account.Name,
            project?.Id, project?.Name, found.IsAdmin, now.ToUnixTimeMilliseconds(), now.Add(TokenService.Lifetime).ToUnixTimeMilliseconds());
        request.HttpContext.Response.Headers["X-Subject-Token"] = tokens.Issue(claims);
        return TypedResults.Json(Describe(claims, request, options.Value.Region), SmsJson.Default.TokenResponse, statusCode: 201);
    }

    static Results<JsonHttpResult<TokenResponse>, SmsError> Validate(HttpRequest request, Caller caller, TokenService tokens, IOptions<ServerOptions> options)
    {
        var (check, claims) = tokens.Verify(request.Headers["X-Subject-Token"].ToString());
        if (check != TokenCheck.Valid || claims is null || claims.DomainId != caller.DomainId)
            return SmsError.NotFound("token", "in X-Subject-Token");
        return TypedResults.Json(Describe(claims, request, options.Value.Region), SmsJson.Default.TokenResponse);
    }

    static async Task<Results<NoContent, SmsError>> Revoke(HttpRequest request, Caller caller, TokenService tokens, RevocationList revoked, CancellationToken ct)
    {
        var (check, claims) = tokens.Verify(request.Headers["X-Subject-Token"].ToString());
        if (check is not (TokenCheck.Valid or TokenCheck.Revoked) || claims is null || claims.DomainId != caller.DomainId)
            return SmsError.NotFound("token", "in X-Subject-Token");
        await revoked.RevokeAsync(claims.TokenId, claims.ExpiresAt, ct);
        return TypedResults.NoContent();
    }

    static TokenResponse Describe(TokenClaims c, HttpRequest request, string region)
    {
        var domain = new IdName(c.DomainId, c.DomainName);
        var url = $"{request.Scheme}://{request.Host}";
        var catalog = new CatalogEntry("sms", "sms", "sms", [new CatalogEndpoint(url, region, region, "public", "sms")]);
        return new TokenResponse(new TokenBody(
            Iso(c.ExpiresAt), Iso(c.IssuedAt), ["password"], [catalog], domain,
            c.ProjectId is null ? null : new TokenProject(c.ProjectId, c.ProjectName!, domain),
            [new IdName(c.IsAdmin ? "admin" : "member", c.IsAdmin ? "te_admin" : "te_agency")],
            new TokenUser(c.UserId, c.UserName, domain, "")));
    }

    static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
