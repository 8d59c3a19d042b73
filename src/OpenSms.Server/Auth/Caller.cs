using System.Reflection;

namespace OpenSms.Server.Auth;

/// <summary>
/// The authenticated caller of a request, set by an authentication handler (token or AK/SK).
/// Endpoints take it as a parameter; every store call is scoped to its account.
/// </summary>
public sealed record Caller(string UserId, string UserName, string DomainId, string DomainName, bool IsAdmin)
{
    /// <summary>Set when the request was signed with an access key rather than sent with a token.</summary>
    public string? AccessKey { get; init; }

    public bool IsOperator => IsAdmin && DomainName == Bootstrap.OperatorAccount;

    public static Caller From(TokenClaims c) => new(c.UserId, c.UserName, c.DomainId, c.DomainName, c.IsAdmin);

    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<Caller>());
}
