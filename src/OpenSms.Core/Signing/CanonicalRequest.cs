using System.Security.Cryptography;
using System.Text;

namespace OpenSms.Core.Signing;

/// <summary>
/// The canonical request of SDK-HMAC-SHA256 (Huawei's API signing guide): method, URI, query,
/// headers, signed header list and payload hash, one per line.
/// </summary>
public static class CanonicalRequest
{
    /// <summary>SHA-256 of an empty body, the payload hash of every GET and DELETE.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// Builds the canonical request over exactly <paramref name="signedHeaders"/>, in that order
    /// and spelled as given; every one of them must be present in the request.
    /// </summary>
    /// <exception cref="ArgumentException">A signed header is not in the request.</exception>
    public static string Build(SigningRequest request, IReadOnlyList<string> signedHeaders) =>
        string.Join('\n',
            request.Method,
            CanonicalUri(request.Path),
            CanonicalQuery(request.Query),
            CanonicalHeaders(request.Headers, signedHeaders),
            string.Join(';', signedHeaders),
            PayloadHash(request));

    /// <summary>
    /// Decodes the path and re-encodes each segment, so <c>%7E</c> and <c>~</c> sign alike, and
    /// ends it with <c>/</c> as every Huawei SDK does.
    /// </summary>
    public static string CanonicalUri(string rawPath)
    {
        var segments = Uri.UnescapeDataString(rawPath).Split('/').Select(Encode);
        var uri = string.Join('/', segments);
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary><c>enc(key)=enc(value)</c> sorted ordinally by key, then by value, joined by <c>&amp;</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));

    /// <summary>
    /// <c>name:trimmed-value\n</c> per signed header. A repeated header gives one line per value,
    /// values sorted, as Huawei's .NET SDK signs it.
    /// </summary>
    public static string CanonicalHeaders(RequestHeaders headers, IReadOnlyList<string> signedHeaders)
    {
        var text = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            if (!headers.TryGetValues(name, out var values))
                throw new ArgumentException($"Signed header '{name}' is not in the request.", nameof(signedHeaders));
            foreach (var value in values.Select(v => v.Trim()).Order(StringComparer.Ordinal))
                text.Append(name).Append(':').Append(value).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The <c>X-Sdk-Content-Sha256</c> header when present (e.g. <c>UNSIGNED-PAYLOAD</c>), else the
    /// precomputed hash, else lowercase hex SHA-256 of the body.
    /// </summary>
    public static string PayloadHash(SigningRequest request) =>
        request.Headers.TryGetValues(SdkHmacSha256.ContentSha256Header, out var declared) ? declared[0]
        : request.PayloadHash ?? Convert.ToHexStringLower(SHA256.HashData(request.Body.Span));

    /// <summary>
    /// Percent-encodes UTF-8 with uppercase hex, leaving only <c>A-Z a-z 0-9 - _ . ~</c>: exactly
    /// RFC 3986's unreserved set, which is what <see cref="Uri.EscapeDataString(string)"/> keeps.
    /// </summary>
    public static string Encode(string value) => Uri.EscapeDataString(value);
}
