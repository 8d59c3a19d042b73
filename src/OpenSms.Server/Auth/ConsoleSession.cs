using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OpenSms.Server.Auth;

/// <summary>
/// The console's cookies: the API token (HttpOnly, so page scripts never see it) and a CSRF value
/// the page reads and echoes in <c>X-CSRF-Token</c>. The CSRF value is derived from the token, so a
/// site that can plant cookies still cannot produce the value that matches someone's session.
/// </summary>
public static class ConsoleSession
{
    public const string TokenCookie = "opensms_session";
    public const string CsrfCookie = "opensms_csrf";
    public const string CsrfHeader = "X-CSRF-Token";

    public static string CsrfFor(string token) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("opensms-console-csrf\n" + token)));

    public static void Start(HttpResponse response, string token, DateTimeOffset expires)
    {
        response.Cookies.Append(TokenCookie, token, Options(response, expires, httpOnly: true));
        response.Cookies.Append(CsrfCookie, CsrfFor(token), Options(response, expires, httpOnly: false));
    }

    public static void End(HttpResponse response)
    {
        response.Cookies.Delete(TokenCookie, Options(response, null, httpOnly: true));
        response.Cookies.Delete(CsrfCookie, Options(response, null, httpOnly: false));
    }

    // Path=/ because the console calls the API under /v3, /v5, /v3.0 and /v1.0.
    static CookieOptions Options(HttpResponse response, DateTimeOffset? expires, bool httpOnly) => new()
    {
        HttpOnly = httpOnly, Secure = response.HttpContext.Request.IsHttps, SameSite = SameSiteMode.Strict, Path = "/", Expires = expires,
        IsEssential = true,
    };
}

/// <summary>Marks a request authenticated by the console's cookie rather than by a header.</summary>
public sealed record CookieAuthenticated(string Token);
