using System.Reflection;

namespace OpenSms.Server.Auth;

/// <summary>
/// The authenticated caller of a request, set by the authentication handler. Endpoints take it as
/// a parameter; every store call is scoped to its account.
/// </summary>
public sealed record Caller(TokenClaims Claims)
{
    public string DomainId => Claims.DomainId;
    public string UserId => Claims.UserId;
    public bool IsAdmin => Claims.IsAdmin;

    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<Caller>());
}
