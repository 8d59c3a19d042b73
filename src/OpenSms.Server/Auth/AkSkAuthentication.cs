using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OpenSms.Core.Signing;
using OpenSms.Server.Http;

namespace OpenSms.Server.Auth;

/// <summary>
/// Requests signed with an access key (SDK-HMAC-SHA256, reference §4.1), as Huawei's SDKs and
/// agents send them. The key's secret comes from a cache, so a signed report reads no database.
/// </summary>
public sealed class AkSkAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessKeyCache keys, AkLockout lockout, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AkSk";
    const string LockedReason = "the access key is locked after repeated signature failures; try again later";

    public static bool IsSigned(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("SDK-", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthorizationHeader.TryParse(Request.Headers.Authorization.ToString(), out var header, out var parseFailure))
            return AuthenticateResult.Fail(parseFailure.Reason);
        var now = clock.GetUtcNow();
        if (lockout.IsLocked(header.AccessKey, now)) return AuthenticateResult.Fail(LockedReason);
        var identity = await keys.FindAsync(header.AccessKey, Context.RequestAborted);
        if (identity is null) return AuthenticateResult.Fail("access key not found");

        var signing = await DescribeAsync(Request);
        if (signing is null) return AuthenticateResult.Fail("request body too large to verify");
        var check = SignatureVerifier.Verify(signing, header, identity.Secret, now);
        if (check.Failure == SignatureFailure.SignatureMismatch) lockout.RecordFailure(header.AccessKey, now);
        if (!check.IsValid) return AuthenticateResult.Fail(check.Reason);
        lockout.Reset(header.AccessKey);

        if (!identity.User.Enabled) return AuthenticateResult.Fail("the user of this access key is disabled");
        // A key works only inside its own account: the SDK's project or domain header must agree.
        var projectId = Request.Headers["X-Project-Id"].ToString();
        var domainId = Request.Headers["X-Domain-Id"].ToString();
        if ((projectId.Length > 0 && !identity.ProjectIds.Contains(projectId)) || (domainId.Length > 0 && domainId != identity.Account.Id))
            return AuthenticateResult.Fail("X-Project-Id or X-Domain-Id does not belong to the access key's account");

        Context.Features.Set(new Caller(identity.User.Id, identity.User.Name, identity.Account.Id, identity.Account.Name, identity.User.IsAdmin)
        {
            AccessKey = header.AccessKey,
        });
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, identity.User.Id)], SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? "verify aksk signature fail";
        var error = reason == LockedReason
            ? new GatewayError(StatusCodes.Status401Unauthorized, "APIGW.0302", "Incorrect IAM authentication information: " + reason)
            : GatewayError.Unauthorized(reason);
        await error.ExecuteAsync(Context);
    }

    /// <summary>The request as it came over the wire: raw target, every header, the buffered body.</summary>
    static async Task<SigningRequest?> DescribeAsync(HttpRequest request)
    {
        // A host that does not report the raw target (TestServer, some proxies' adapters) leaves it empty, not null.
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : (request.PathBase + request.Path).ToUriComponent() + request.QueryString;
        var q = target.IndexOf('?', StringComparison.Ordinal);
        byte[] body = [];
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (request.ContentLength > JsonBody.MaxBytes) return null;
            request.EnableBuffering(JsonBody.MaxBytes + 1);
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            request.Body.Position = 0;
            if (buffer.Length > JsonBody.MaxBytes) return null;
            body = buffer.ToArray();
        }
        var signing = new SigningRequest
        {
            Method = request.Method,
            Path = q < 0 ? target : target[..q],
            Query = SigningRequest.ParseQuery(q < 0 ? null : target[(q + 1)..]),
            Body = body,
        };
        foreach (var (name, values) in request.Headers)
            foreach (var value in values) signing.Headers.Add(name, value ?? "");
        return signing;
    }
}
