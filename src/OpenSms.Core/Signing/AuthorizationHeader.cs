using System.Diagnostics.CodeAnalysis;

namespace OpenSms.Core.Signing;

/// <summary>
/// The <c>Authorization</c> header of SDK-HMAC-SHA256:
/// <c>SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b;c, Signature=hex</c>.
/// </summary>
public sealed record AuthorizationHeader(string AccessKey, IReadOnlyList<string> SignedHeaders, string Signature)
{
    /// <summary>The header value, spaced exactly as Huawei's SDKs write it.</summary>
    public override string ToString() =>
        $"{SdkHmacSha256.Algorithm} Access={AccessKey}, SignedHeaders={string.Join(';', SignedHeaders)}, Signature={Signature}";

    /// <summary>
    /// Reads the header, tolerating extra or missing spaces around <c>,</c> and <c>=</c> and any
    /// order of the three parts. On failure <paramref name="failure"/> says what was wrong.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out AuthorizationHeader? header, out SignatureCheck failure)
    {
        header = null;
        var text = value?.Trim() ?? "";
        var space = text.IndexOfAny([' ', '\t']);
        var algorithm = space < 0 ? text : text[..space];
        if (algorithm != SdkHmacSha256.Algorithm)
        {
            failure = SignatureCheck.Fail(SignatureFailure.UnsupportedAlgorithm,
                $"unsupported signing algorithm, only {SdkHmacSha256.Algorithm} is accepted");
            return false;
        }
        if (space < 0) return Malformed("missing Access", out failure);

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text[space..].Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !parts.TryAdd(part[..eq].TrimEnd(), part[(eq + 1)..].TrimStart()))
                return Malformed("expected Access=, SignedHeaders= and Signature= once each", out failure);
        }
        if (!parts.TryGetValue("Access", out var access) || access.Length == 0) return Malformed("missing Access", out failure);
        if (!parts.TryGetValue("SignedHeaders", out var names) || names.Length == 0) return Malformed("missing SignedHeaders", out failure);
        if (!parts.TryGetValue("Signature", out var signature) || signature.Length == 0) return Malformed("missing Signature", out failure);
        if (parts.Count != 3) return Malformed("unknown part", out failure);

        var signedHeaders = names.Split(';', StringSplitOptions.TrimEntries);
        // Names are echoed in later failure messages, so only plain header tokens get that far.
        if (!signedHeaders.All(IsToken)) return Malformed("invalid SignedHeaders", out failure);

        header = new AuthorizationHeader(access, signedHeaders, signature);
        failure = SignatureCheck.Valid;
        return true;
    }

    static bool Malformed(string detail, out SignatureCheck failure)
    {
        failure = SignatureCheck.Fail(SignatureFailure.MalformedAuthorization, "authorization header format error: " + detail);
        return false;
    }

    static bool IsToken(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
