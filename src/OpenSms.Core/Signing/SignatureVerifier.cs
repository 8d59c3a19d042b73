using System.Security.Cryptography;
using System.Text;

namespace OpenSms.Core.Signing;

/// <summary>
/// Checks an SDK-HMAC-SHA256 request on the server: the headers it names are present and signed,
/// its date is fresh, and the signature matches the one recomputed with the secret key.
/// </summary>
public static class SignatureVerifier
{
    /// <summary>How far <c>X-Sdk-Date</c> may be from the server's clock, either way, as on Huawei's gateway.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Verifies <paramref name="request"/> against its parsed <paramref name="authorization"/> and the
    /// secret key of its access key. Header values are used as received, and only the headers that
    /// SignedHeaders lists, so headers a client's HTTP stack adds after signing do no harm.
    /// </summary>
    public static SignatureCheck Verify(SigningRequest request, AuthorizationHeader authorization, string secretKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(authorization);
        var headers = request.Headers;
        var signed = authorization.SignedHeaders;

        if (!headers.TryGetValues(SdkHmacSha256.DateHeader, out var dates))
            return SignatureCheck.Fail(SignatureFailure.DateMissing, "x-sdk-date not found");
        if (!IsSigned(signed, SdkHmacSha256.DateHeader))
            return SignatureCheck.Fail(SignatureFailure.HeaderNotSigned, "x-sdk-date not in SignedHeaders");
        // Without a signed host a signature could be replayed against another service.
        if (headers.Contains("Host") && !IsSigned(signed, "Host"))
            return SignatureCheck.Fail(SignatureFailure.HeaderNotSigned, "host not in SignedHeaders");
        if (signed.FirstOrDefault(n => !headers.Contains(n)) is { } missing)
            return SignatureCheck.Fail(SignatureFailure.SignedHeaderMissing, $"signed header {missing} not found");

        var sdkDate = dates[0].Trim();
        if (dates.Count != 1 || !SdkHmacSha256.TryParseDate(sdkDate, out var date))
            return SignatureCheck.Fail(SignatureFailure.DateMalformed, "x-sdk-date format error, expected yyyyMMddTHHmmssZ");
        if ((now - date).Duration() > MaxClockSkew)
            return SignatureCheck.Fail(SignatureFailure.DateExpired, "x-sdk-date expired");

        var stringToSign = SdkHmacSha256.StringToSign(sdkDate, CanonicalRequest.Build(request, signed));
        var expected = Encoding.UTF8.GetBytes(SdkHmacSha256.Signature(secretKey, stringToSign));
        var received = Encoding.UTF8.GetBytes(authorization.Signature);
        return CryptographicOperations.FixedTimeEquals(expected, received)
            ? SignatureCheck.Valid
            : SignatureCheck.Fail(SignatureFailure.SignatureMismatch, "verify aksk signature fail");
    }

    static bool IsSigned(IReadOnlyList<string> signed, string name) =>
        signed.Contains(name, StringComparer.OrdinalIgnoreCase);
}
