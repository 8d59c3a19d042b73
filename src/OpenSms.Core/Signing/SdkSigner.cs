namespace OpenSms.Core.Signing;

/// <summary>
/// Signs requests with an access key pair the way Huawei's SDKs do, so that both Huawei's API
/// gateway and OpenSms accept them.
/// </summary>
public sealed class SdkSigner(string accessKey, string secretKey)
{
    /// <summary>
    /// Adds <c>X-Sdk-Date</c> (from <paramref name="now"/>) unless the request has one, then sets
    /// <c>Authorization</c> over every header of the request whose name has no <c>_</c>. Set
    /// <c>Host</c> and the other headers first, exactly as they will be sent.
    /// </summary>
    /// <exception cref="ArgumentException">The request has no <c>Host</c> header.</exception>
    public AuthorizationHeader Sign(SigningRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The verifier insists on a signed host, so a request without one could never pass.
        if (!request.Headers.Contains("Host"))
            throw new ArgumentException("Set the Host header before signing.", nameof(request));
        if (!request.Headers.Contains(SdkHmacSha256.DateHeader))
            request.Headers[SdkHmacSha256.DateHeader] = SdkHmacSha256.FormatDate(now);

        var signedHeaders = SignedHeaderNames(request.Headers);
        var canonical = CanonicalRequest.Build(request, signedHeaders);
        var stringToSign = SdkHmacSha256.StringToSign(request.Headers[SdkHmacSha256.DateHeader]!, canonical);
        var header = new AuthorizationHeader(accessKey, signedHeaders, SdkHmacSha256.Signature(secretKey, stringToSign));
        request.Headers[SdkHmacSha256.AuthorizationHeaderName] = header.ToString();
        return header;
    }

    /// <summary>
    /// Every header name without <c>_</c>, lowercased and sorted ordinally. Underscored names are
    /// left out because proxies (nginx by default) drop them; Huawei's SDKs skip them for that reason.
    /// </summary>
    public static IReadOnlyList<string> SignedHeaderNames(RequestHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.Names
            .Where(n => !n.Contains('_', StringComparison.Ordinal) &&
                        !n.Equals(SdkHmacSha256.AuthorizationHeaderName, StringComparison.OrdinalIgnoreCase))
            .Select(n => n.ToLowerInvariant())
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
