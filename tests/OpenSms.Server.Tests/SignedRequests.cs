using System.Net.Http.Headers;
using System.Text;
using OpenSms.Core.Signing;

namespace OpenSms.Server.Tests;

public sealed record AccessKeyPair(string Access, string Secret);

/// <summary>
/// Signs requests the way a Huawei SDK does, with our own <see cref="SdkSigner"/>: the signing
/// request is read back from the <see cref="HttpRequestMessage"/> exactly as it will be sent.
/// </summary>
public static class SignedRequests
{
    public static HttpRequestMessage Request(HttpClient client, HttpMethod method, string pathAndQuery, string? json = null, string? projectId = null)
    {
        var message = new HttpRequestMessage(method, new Uri(client.BaseAddress!, pathAndQuery));
        if (json is not null) message.Content = JsonContent(json);
        if (projectId is not null) message.Headers.Add("X-Project-Id", projectId);
        return message;
    }

    public static ByteArrayContent JsonContent(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Adds <c>X-Sdk-Date</c> (from <paramref name="now"/>) and <c>Authorization</c> to the message.</summary>
    public static async Task SignAsync(HttpRequestMessage message, AccessKeyPair key, DateTimeOffset now, CancellationToken ct)
    {
        var uri = message.RequestUri!;
        var signing = new SigningRequest
        {
            Method = message.Method.Method,
            Path = uri.AbsolutePath,
            Query = SigningRequest.ParseQuery(uri.Query),
            Body = message.Content is null ? Array.Empty<byte>() : await message.Content.ReadAsByteArrayAsync(ct),
        };
        signing.Headers["Host"] = uri.Authority;
        foreach (var (name, values) in message.Headers)
            foreach (var value in values) signing.Headers.Add(name, value);
        if (message.Content?.Headers.ContentType is { } type) signing.Headers["Content-Type"] = type.ToString();

        new SdkSigner(key.Access, key.Secret).Sign(signing, now);
        message.Headers.TryAddWithoutValidation(SdkHmacSha256.DateHeader, signing.Headers[SdkHmacSha256.DateHeader]);
        message.Headers.TryAddWithoutValidation("Authorization", signing.Headers["Authorization"]);
    }

    /// <summary>Signs the request now and sends it; <paramref name="inTransit"/> may change it after signing.</summary>
    public static async Task<HttpResponseMessage> SendSignedAsync(
        this HttpClient client, HttpRequestMessage message, AccessKeyPair key, CancellationToken ct,
        Action<HttpRequestMessage>? inTransit = null, DateTimeOffset? now = null)
    {
        await SignAsync(message, key, now ?? DateTimeOffset.UtcNow, ct);
        inTransit?.Invoke(message);
        return await client.SendAsync(message, ct);
    }

    public static async Task<HttpResponseMessage> SendSignedAsync(
        this HttpClient client, AccessKeyPair key, HttpMethod method, string pathAndQuery, string? json, CancellationToken ct, string? projectId = null)
    {
        using var message = Request(client, method, pathAndQuery, json, projectId);
        return await client.SendSignedAsync(message, key, ct);
    }
}
