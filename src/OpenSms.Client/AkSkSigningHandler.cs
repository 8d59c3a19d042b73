using OpenSms.Core.Signing;

namespace OpenSms.Client;

/// <summary>
/// Signs each request with an access key pair (SDK-HMAC-SHA256), using the same signer the server
/// verifies with. Signs <c>Host</c>, <c>Content-Type</c>, <c>X-Sdk-Date</c> and, when given,
/// <c>X-Project-Id</c>, exactly as they go on the wire.
/// </summary>
/// <param name="accessKey">The AK.</param>
/// <param name="secretKey">The SK.</param>
/// <param name="projectId">Sent (and signed) as <c>X-Project-Id</c> when not null.</param>
/// <param name="clock">The clock for <c>X-Sdk-Date</c>; the system clock when null.</param>
public sealed class AkSkSigningHandler(string accessKey, string secretKey, string? projectId = null, TimeProvider? clock = null) : DelegatingHandler
{
    readonly SdkSigner signer = new(accessKey, secretKey);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        // HttpClient would send the same Host, but setting it ourselves guarantees the signed value is the sent one.
        request.Headers.Host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        if (projectId is not null) request.Headers.TryAddWithoutValidation("X-Project-Id", projectId);

        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var signing = new SigningRequest
        {
            Method = request.Method.Method,
            Path = uri.AbsolutePath,
            Query = SigningRequest.ParseQuery(uri.Query),
            Body = body,
        };
        signing.Headers["Host"] = request.Headers.Host;
        if (request.Content?.Headers.ContentType is { } contentType) signing.Headers["Content-Type"] = contentType.ToString();
        if (projectId is not null) signing.Headers["X-Project-Id"] = projectId;

        var header = signer.Sign(signing, (clock ?? TimeProvider.System).GetUtcNow());
        request.Headers.TryAddWithoutValidation(SdkHmacSha256.DateHeader, signing.Headers[SdkHmacSha256.DateHeader]);
        request.Headers.TryAddWithoutValidation(SdkHmacSha256.AuthorizationHeaderName, header.ToString());
        return await base.SendAsync(request, cancellationToken);
    }
}
