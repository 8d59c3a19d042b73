using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Endpoints;
using OpenSms.Server.Http;

namespace OpenSms.Server.WebConsole;

/// <summary>
/// The web console: its static files under <c>/console</c> and the cookie session it signs in with.
/// Everything else the console shows comes from the public API, called with that cookie.
/// </summary>
public static class ConsoleEndpoints
{
    // Scripts and styles only from the server itself; charts are drawn by script, never inline markup.
    const string Policy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static IServiceCollection AddWebConsole(this IServiceCollection services) => services.AddSingleton<ConsoleAssets>();

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/{**path}", File).AllowAnonymous().ExcludeFromDescription();
        var session = app.MapGroup("/console/session").WithTags("Console");
        session.MapPost("", SignIn).AllowAnonymous();
        session.MapGet("", Show).RequireAuthorization();
        session.MapDelete("", SignOut).AllowAnonymous();
        return app;
    }

    static IResult File(string? path, HttpContext context, ConsoleAssets assets)
    {
        // The page's relative links need the trailing slash; routing matches /console and /console/ alike.
        if (string.IsNullOrEmpty(path) && context.Request.Path.Value?.EndsWith('/') != true) return Results.Redirect("/console/");
        if (assets.Find(path ?? "") is not { } asset) return SmsError.NotFound("console file", path ?? "");
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers["X-Content-Type-Options"] = "nosniff";
        headers.ContentSecurityPolicy = Policy;
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    /// <summary>
    /// Signs in with the body of <c>POST /v3/auth/tokens</c> and keeps the token in an HttpOnly cookie
    /// instead of handing it to the page. Failures answer exactly as the token endpoint does.
    /// </summary>
    static async Task<IResult> SignIn(
        HttpRequest request, IAccountStore accounts, TokenService tokens, SignInBackoff backoff, TimeProvider clock,
        IOptions<ServerOptions> options, CancellationToken ct)
    {
        // The same path as the token endpoint, password back-off included.
        var result = await TokenEndpoints.Issue(request, accounts, tokens, backoff, clock, options, ct);
        var headers = request.HttpContext.Response.Headers;
        if (headers["X-Subject-Token"].ToString() is not { Length: > 0 } token) return result;
        headers.Remove("X-Subject-Token");
        var (_, claims) = tokens.Verify(token);
        ConsoleSession.Start(request.HttpContext.Response, token, DateTimeOffset.FromUnixTimeMilliseconds(claims!.ExpiresAt));
        return TypedResults.Json(Describe(claims, ConsoleSession.CsrfFor(token)), SmsJson.Default.JsonObject, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Who is signed in, so the page can greet the user and show the administrator's pages.</summary>
    static JsonHttpResult<JsonObject> Show(HttpContext context, TokenService tokens)
    {
        var token = context.Features.Get<CookieAuthenticated>()?.Token ?? context.Request.Headers["X-Auth-Token"].ToString();
        var (_, claims) = tokens.Verify(token);
        return TypedResults.Json(Describe(claims!, ConsoleSession.CsrfFor(token)), SmsJson.Default.JsonObject);
    }

    /// <summary>Revokes the session's token when it is still good, and clears both cookies either way.</summary>
    static async Task<IResult> SignOut(HttpContext context, TokenService tokens, RevocationList revoked, CancellationToken ct)
    {
        if (context.Features.Get<CookieAuthenticated>() is { } session && tokens.Verify(session.Token) is (TokenCheck.Valid, { } claims))
            await revoked.RevokeAsync(claims.TokenId, claims.ExpiresAt, ct);
        ConsoleSession.End(context.Response);
        return TypedResults.NoContent();
    }

    static JsonObject Describe(TokenClaims c, string csrf) => new()
    {
        ["user"] = new JsonObject { ["id"] = c.UserId, ["name"] = c.UserName },
        ["domain"] = new JsonObject { ["id"] = c.DomainId, ["name"] = c.DomainName },
        ["is_admin"] = c.IsAdmin,
        ["expires_at"] = c.ExpiresAt,
        ["csrf_token"] = csrf,
    };
}
