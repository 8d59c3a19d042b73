using System.Text;
using OpenSms.Core.Signing;

namespace OpenSms.Core.Tests.Signing;

/// <summary>
/// Requests signed by Huawei's own Node.js SDK core, captured off a loopback socket, must pass our
/// verifier. Observed with 3.1.211: it signs exactly <c>content-type;host;x-project-id;x-sdk-date</c>
/// (host with the port, content-type also on GET and DELETE); User-Agent, Accept, Accept-Encoding,
/// Connection and Content-Length are added after signing and are not signed.
/// </summary>
public sealed class HuaweiNodeSdkSignatureTests
{
    static readonly (string Ak, string Sk, string ProjectId) Key =
        ("HPUANODESDKACCESS001", "n0de-sdk-SECRET-key-0123456789abcdefghij", "0a1b2c3d4e5f60718293a4b5c6d7e8f9");

    static async Task<CapturedRequest> SendThroughTheSdkAsync(string method, string path, string? queryJson = null, string? bodyJson = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = await NodeSdk.PrepareAsync(ct);
        Assert.SkipWhen(folder is null, "node is not on PATH");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var listener = new OneRequestListener();
        var captured = listener.ReceiveAsync(timeout.Token);
        var (status, body) = await NodeSdk.SendAsync(folder, listener.Endpoint, Key, method, path, queryJson, bodyJson, timeout.Token);

        Assert.Equal(200, status);
        Assert.Equal("{}", body?.ToJsonString());
        return await captured;
    }

    static AuthorizationHeader Authorization(CapturedRequest captured)
    {
        var value = captured.Headers.Single(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.True(AuthorizationHeader.TryParse(value, out var authorization, out var failure), failure.Reason);
        Assert.Equal(Key.Ak, authorization.AccessKey);
        Assert.Equal(["content-type", "host", "x-project-id", "x-sdk-date"], authorization.SignedHeaders);
        return authorization;
    }

    static void AssertOnlyTheRightRequestVerifies(CapturedRequest captured)
    {
        var authorization = Authorization(captured);
        var now = DateTimeOffset.UtcNow;

        var genuine = SignatureVerifier.Verify(captured.ToSigningRequest(), authorization, Key.Sk, now);
        var wrongKey = SignatureVerifier.Verify(captured.ToSigningRequest(), authorization, Key.Sk + "x", now);
        var alteredBody = SignatureVerifier.Verify(captured.ToSigningRequest("""{"progress":99}"""u8.ToArray()), authorization, Key.Sk, now);

        Assert.True(genuine.IsValid, genuine.Reason);
        Assert.Equal(SignatureFailure.SignatureMismatch, wrongKey.Failure);
        Assert.Equal(SignatureFailure.SignatureMismatch, alteredBody.Failure);
    }

    [Fact]
    public async Task AProgressPutWithAJsonBodyVerifies()
    {
        var captured = await SendThroughTheSdkAsync("PUT", "/v3/tasks/6d1f0c2e-0b4a-4c1e-9a57-1f2e3d4c5b6a/progress",
            bodyJson: """{"subtask_name":"MIGRATE_LINUX_FILE","progress":45,"replicatesize":450,"totalsize":1000,"process_trace":"copying"}""");

        Assert.Equal("PUT", captured.Method);
        Assert.Equal("/v3/tasks/6d1f0c2e-0b4a-4c1e-9a57-1f2e3d4c5b6a/progress", captured.Target);
        Assert.Contains("\"progress\":45", Encoding.UTF8.GetString(captured.Body), StringComparison.Ordinal);
        AssertOnlyTheRightRequestVerifies(captured);
    }

    [Fact]
    public async Task AGetWithQueryParametersVerifies()
    {
        var captured = await SendThroughTheSdkAsync("GET", "/v3/tasks", queryJson: """{"limit":10,"state":"RUNNING"}""");

        Assert.Equal("/v3/tasks?limit=10&state=RUNNING", captured.Target);
        AssertOnlyTheRightRequestVerifies(captured);
    }

    [Fact]
    public async Task AGetWithSpacesUnicodeAndReservedCharactersInTheQueryVerifies()
    {
        var captured = await SendThroughTheSdkAsync("GET", "/v3/tasks",
            queryJson: """{"name":"my task/ü+!*'()&=?","offset":0}""");

        // The SDK sends !*'() raw but signs them percent-encoded, so the verifier must decode then re-encode.
        Assert.Equal("/v3/tasks?name=my%20task%2F%C3%BC%2B!*'()%26%3D%3F&offset=0", captured.Target);
        AssertOnlyTheRightRequestVerifies(captured);
    }

    [Fact]
    public async Task ADeleteVerifies()
    {
        var captured = await SendThroughTheSdkAsync("DELETE", "/v3/tasks/6d1f0c2e-0b4a-4c1e-9a57-1f2e3d4c5b6a");

        Assert.Equal("DELETE", captured.Method);
        Assert.Empty(captured.Body);
        AssertOnlyTheRightRequestVerifies(captured);
    }
}
