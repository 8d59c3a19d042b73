using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenSms.Core.Signing;

/// <summary>Names, formats and the two hash steps of Huawei's SDK-HMAC-SHA256 signing.</summary>
public static class SdkHmacSha256
{
    public const string Algorithm = "SDK-HMAC-SHA256";
    public const string DateHeader = "X-Sdk-Date";
    public const string ContentSha256Header = "X-Sdk-Content-Sha256";
    public const string AuthorizationHeaderName = "Authorization";

    /// <summary>The <c>X-Sdk-Content-Sha256</c> value that leaves the body out of the signature.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>The <c>X-Sdk-Date</c> format, always UTC (e.g. <c>20191115T033655Z</c>).</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static bool TryParseDate(string text, out DateTimeOffset time)
    {
        var ok = DateTime.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc);
        time = ok ? new DateTimeOffset(utc, TimeSpan.Zero) : default;
        return ok;
    }

    /// <summary>Algorithm, the <c>X-Sdk-Date</c> value as sent, and the canonical request's SHA-256.</summary>
    public static string StringToSign(string sdkDate, string canonicalRequest) =>
        $"{Algorithm}\n{sdkDate}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>Lowercase hex HMAC-SHA256 of the string to sign, keyed with the UTF-8 secret key.</summary>
    public static string Signature(string secretKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
}
