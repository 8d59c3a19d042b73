using System.Security.Cryptography;
using System.Text;
using OpenSms.Server.Http;

namespace OpenSms.Server.Auth;

/// <summary>
/// A request authenticated by the console's cookie that changes state must carry the session's CSRF
/// value in <c>X-CSRF-Token</c>: a cross-site form or script can make the browser send the cookie but
/// cannot read the value. Header tokens and AK/SK signatures are not sent by browsers on their own,
/// so those requests pass untouched.
/// </summary>
public sealed class CsrfCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<CookieAuthenticated>() is not { } session || IsSafe(context.Request.Method) || Matches(context, session.Token))
            return next(context);
        return SmsError.Forbidden("The request lacks the console session's CSRF token (X-CSRF-Token); reload the console.").ExecuteAsync(context);
    }

    static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    static bool Matches(HttpContext context, string token)
    {
        var sent = context.Request.Headers[ConsoleSession.CsrfHeader].ToString();
        return sent.Length > 0 && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(ConsoleSession.CsrfFor(token)));
    }
}
