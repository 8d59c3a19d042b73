using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;
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

        var who = Identities.GetValue(claims, static c => new Identity(c));
        Context.Features.Set(who.Caller);
        if (fromCookie) Context.Features.Set(new CookieAuthenticated(token));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(who.Principal, SchemeName)));
    }

    /// <summary>
    /// What this handler concludes for a request whose <c>X-Auth-Token</c> header holds a valid
    /// token, decided without the framework's scheme and handler machinery (AuthPipeline.UseSmsAuthentication):
    /// false for anything else (no header, a signed request, a token that fails), which is left to
    /// the handler itself, so every failure is still described the one way.
    /// </summary>
    internal static bool TryValidHeaderToken(HttpContext context, TokenService tokens)
    {
        var request = context.Request;
        var header = request.Headers["X-Auth-Token"];
        if (header.Count == 0 || header[0] is not { Length: > 0 } token || AkSkAuthenticationHandler.IsSigned(request)) return false;
        if (tokens.Verify(token) is not (TokenCheck.Valid, { } claims)) return false;
        var who = Identities.GetValue(claims, static c => new Identity(c));
        context.Features.Set(who.Caller);
        var result = new ResultFeatures(who.Result);
        context.Features.Set<IAuthenticateResultFeature>(result);
        context.Features.Set<IHttpAuthenticationFeature>(result);
        return true;
    }

    // TokenService keeps one claims object per verified token, and the caller and principal follow
    // from the claims alone: built once per token, not on every report. Nothing changes either
    // after authentication; expiry and revocation are still checked on every use by Verify.
    static readonly ConditionalWeakTable<TokenClaims, Identity> Identities = new();

    sealed class Identity
    {
        public Identity(TokenClaims claims)
        {
            Caller = Caller.From(claims);
            Principal = new(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, claims.UserId), new Claim(ClaimTypes.Name, claims.UserName)], SchemeName));
            Result = AuthenticateResult.Success(new AuthenticationTicket(Principal, SchemeName));
        }

        public Caller Caller { get; }

        public ClaimsPrincipal Principal { get; }

        public AuthenticateResult Result { get; }
    }

    /// <summary>The features the framework's middleware sets for a success, with its rules: a new user forgets the result.</summary>
    sealed class ResultFeatures(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        AuthenticateResult? result = result;
        ClaimsPrincipal? user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => result;
            set
            {
                result = value;
                user = value?.Principal;
            }
        }

        public ClaimsPrincipal? User
        {
            get => user;
            set
            {
                user = value;
                result = null;
            }
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? "x-auth-token not found";
        await GatewayError.Unauthorized(reason).ExecuteAsync(Context);
    }
}
