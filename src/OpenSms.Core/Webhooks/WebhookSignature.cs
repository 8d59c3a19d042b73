using System.Security.Cryptography;
using System.Text;

namespace OpenSms.Core.Webhooks;

/// <summary>
/// The signature on every webhook delivery (docs/webhooks.md): <c>sha256=</c> and the lower-case hex
/// HMAC-SHA256, keyed with the webhook's secret, of the timestamp header, a dot, and the raw body.
/// The timestamp inside the signed text is what stops a captured delivery being replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-OpenSms-Signature";
    public const string TimestampHeader = "X-OpenSms-Timestamp";
    public const string EventIdHeader = "X-OpenSms-Event-Id";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
