using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenSms.Server.Http;

namespace OpenSms.Server.Auth;

/// <summary>
/// <c>X-Auth-Token</c> authentication, or the console's session cookie when no header is sent. A
/// failure is answered the way Huawei's API gateway does: 401 APIGW.0301 with a message that says
/// what was wrong.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers["X-Auth-Token"];
        var fromCookie = header.Count == 0 || string.IsNullOrEmpty(header[0]);
        var token = fromCookie ? Request.Cookies[ConsoleSession.TokenCookie] : header[0];
        if (string.IsNullOrEmpty(token)) return Task.FromResult(AuthenticateResult.Fail("x-auth-token not found"));
        var (check, claims) = tokens.Verify(token);
        if (check != TokenCheck.Valid || claims is null) return Task.FromResult(AuthenticateResult.Fail(TokenService.Describe(check)));

        Context.Features.Set(Caller.From(claims));
        if (fromCookie) Context.Features.Set(new CookieAuthenticated(token));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, claims.UserId), new Claim(ClaimTypes.Name, claims.UserName)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? "x-auth-token not found";
        await GatewayError.Unauthorized(reason).ExecuteAsync(Context);
    }
}
