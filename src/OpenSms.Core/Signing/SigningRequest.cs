namespace OpenSms.Core.Signing;

/// <summary>
/// The parts of an HTTP request that SDK-HMAC-SHA256 covers, independent of the HTTP stack that
/// carries it, so the server's verifier and a client's signer read the same description.
/// </summary>
public sealed class SigningRequest
{
    /// <summary>The HTTP method, as sent (e.g. <c>PUT</c>).</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The path as it appears on the wire, still percent-encoded and without the query; a server
    /// should take it from the raw request target, not from an already decoded path.
    /// </summary>
    public required string Path { get; init; }

    /// <summary>Decoded query parameters in any order; a key may repeat. See <see cref="ParseQuery"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    public RequestHeaders Headers { get; } = new();

    /// <summary>The body bytes exactly as sent; empty when there is none.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// Lowercase hex SHA-256 of the body when the caller already has it (e.g. a streamed body);
    /// when set, <see cref="Body"/> is not read. An <c>X-Sdk-Content-Sha256</c> header wins over both.
    /// </summary>
    public string? PayloadHash { get; init; }

    /// <summary>
    /// Splits a raw query string (with or without the leading <c>?</c>) into decoded pairs. A key
    /// without <c>=</c> gets an empty value, and <c>+</c> means a space because Huawei's SDKs send
    /// spaces that way (Python's urlencode, Go's QueryEscape) while signing them as <c>%20</c>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery)) return [];
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add(new(Decode(key), Decode(value)));
        }
        return pairs;
    }

    static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
