using System.Text;
using OpenSms.Core.Signing;

namespace OpenSms.Core.Tests.Signing;

public sealed class SignatureVerifierTests
{
    const string AccessKey = "HPUAXYZ0ACCESSKEY001";
    const string SecretKey = "s3cr3t-SECRET-key-0123456789abcdefghijkl";
    static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    static readonly SdkSigner Signer = new(AccessKey, SecretKey);

    static SigningRequest Progress(string body = """{"progress":45}""", string path = "/v3/tasks/6d1f0c2e/progress", string query = "")
    {
        var request = new SigningRequest
        {
            Method = "PUT",
            Path = path,
            Query = SigningRequest.ParseQuery(query),
            Body = Encoding.UTF8.GetBytes(body),
        };
        request.Headers["Host"] = "127.0.0.1:8090";
        request.Headers["Content-Type"] = "application/json";
        request.Headers["X-Project-Id"] = "0a1b2c3d";
        return request;
    }

    /// <summary>What the server sees: a fresh copy of the sent request, with some parts changed in transit.</summary>
    static SigningRequest Received(SigningRequest sent, string? method = null, string? path = null, string? query = null, string? body = null)
    {
        var received = new SigningRequest
        {
            Method = method ?? sent.Method,
            Path = path ?? sent.Path,
            Query = query is null ? sent.Query : SigningRequest.ParseQuery(query),
            Body = body is null ? sent.Body : Encoding.UTF8.GetBytes(body),
        };
        foreach (var name in sent.Headers.Names)
        {
            sent.Headers.TryGetValues(name, out var values);
            foreach (var value in values!) received.Headers.Add(name, value);
        }
        return received;
    }

    static SignatureCheck Verify(SigningRequest received, DateTimeOffset? now = null, string secretKey = SecretKey)
    {
        Assert.True(AuthorizationHeader.TryParse(received.Headers["Authorization"], out var authorization, out var failure), failure.Reason);
        Assert.Equal(AccessKey, authorization.AccessKey);
        return SignatureVerifier.Verify(received, authorization, secretKey, now ?? Now);
    }

    [Fact]
    public void ASignedRequestVerifies()
    {
        var sent = Progress();
        var authorization = Signer.Sign(sent, Now);

        Assert.Equal(["content-type", "host", "x-project-id", "x-sdk-date"], authorization.SignedHeaders);
        Assert.Equal("20261126T100000Z", sent.Headers["X-Sdk-Date"]);
        Assert.True(Verify(Received(sent)).IsValid);
    }

    [Theory]
    [InlineData("GET", null, null, null)]
    [InlineData(null, "/v3/tasks/6d1f0c2f/progress", null, null)]
    [InlineData(null, null, "limit=10", null)]
    [InlineData(null, null, null, """{"progress":46}""")]
    [InlineData(null, null, null, "")]
    public void ATamperedMethodPathQueryOrBodyFailsTheSignature(string? method, string? path, string? query, string? body)
    {
        var sent = Progress();
        Signer.Sign(sent, Now);

        var check = Verify(Received(sent, method, path, query, body));

        Assert.Equal(SignatureFailure.SignatureMismatch, check.Failure);
        Assert.Equal("verify aksk signature fail", check.Reason);
    }

    [Theory]
    [InlineData("Host", "127.0.0.1:8091")]
    [InlineData("X-Project-Id", "other-project")]
    [InlineData("Content-Type", "application/json;charset=UTF-8")]
    [InlineData("X-Sdk-Date", "20261126T100001Z")]
    public void ATamperedSignedHeaderFailsTheSignature(string name, string value)
    {
        var sent = Progress();
        Signer.Sign(sent, Now);
        var received = Received(sent);
        received.Headers[name] = value;

        Assert.Equal(SignatureFailure.SignatureMismatch, Verify(received).Failure);
    }

    [Fact]
    public void AWrongSecretKeyFailsTheSignature()
    {
        var sent = Progress();
        Signer.Sign(sent, Now);

        Assert.Equal(SignatureFailure.SignatureMismatch, Verify(Received(sent), secretKey: SecretKey + "x").Failure);
    }

    [Fact]
    public void HeadersAddedAfterSigningAreIgnored()
    {
        var sent = Progress();
        Signer.Sign(sent, Now);
        var received = Received(sent);
        received.Headers["Accept"] = "application/json";
        received.Headers["Connection"] = "keep-alive";
        received.Headers["User-Agent"] = "axios/1.7.2";

        Assert.True(Verify(received).IsValid);
    }

    [Fact]
    public void HeaderValuesAreComparedAfterTrimming()
    {
        var sent = Progress();
        Signer.Sign(sent, Now);
        var received = Received(sent);
        received.Headers["X-Project-Id"] = "  0a1b2c3d\t";

        Assert.True(Verify(received).IsValid);
    }

    [Fact]
    public void UnderscoredHeadersAreNotSignedSoAProxyMayDropThem()
    {
        var sent = Progress();
        sent.Headers["SDK_EXCHANGE"] = "5b0c";
        var authorization = Signer.Sign(sent, Now);
        var received = Received(sent);
        received.Headers["SDK_EXCHANGE"] = null;

        Assert.DoesNotContain("sdk_exchange", authorization.SignedHeaders);
        Assert.True(Verify(received).IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15 * 60)]
    [InlineData(-15 * 60)]
    public void ADateWithinFifteenMinutesEitherWayIsAccepted(int serverAheadBySeconds)
    {
        var sent = Progress();
        Signer.Sign(sent, Now);

        Assert.True(Verify(Received(sent), Now.AddSeconds(serverAheadBySeconds)).IsValid);
    }

    [Theory]
    [InlineData(15 * 60 + 1)]
    [InlineData(-(15 * 60 + 1))]
    [InlineData(24 * 3600)]
    public void ADateMoreThanFifteenMinutesOffEitherWayHasExpired(int serverAheadBySeconds)
    {
        var sent = Progress();
        Signer.Sign(sent, Now);

        var check = Verify(Received(sent), Now.AddSeconds(serverAheadBySeconds));

        Assert.Equal(SignatureFailure.DateExpired, check.Failure);
        Assert.Equal("x-sdk-date expired", check.Reason);
    }

    [Theory]
    [InlineData("2026-11-26T10:00:00Z")]
    [InlineData("20261126T100000")]
    [InlineData("20261326T100000Z")]
    public void AnUnreadableDateIsRefusedAsMalformed(string date)
    {
        var sent = Progress();
        sent.Headers["X-Sdk-Date"] = date;
        Signer.Sign(sent, Now);

        Assert.Equal(SignatureFailure.DateMalformed, Verify(Received(sent)).Failure);
    }

    [Fact]
    public void ARequestWithoutADateIsRefused()
    {
        var sent = Progress();
        Signer.Sign(sent, Now);
        var received = Received(sent);
        received.Headers["X-Sdk-Date"] = null;

        Assert.Equal(new SignatureCheck(SignatureFailure.DateMissing, "x-sdk-date not found"), Verify(received));
    }

    [Theory]
    [InlineData("host;x-project-id", "x-sdk-date not in SignedHeaders")]
    [InlineData("content-type;x-sdk-date", "host not in SignedHeaders")]
    public void TheDateAndTheHostMustBeSigned(string signedHeaders, string reason)
    {
        var received = Progress();
        received.Headers["X-Sdk-Date"] = SdkHmacSha256.FormatDate(Now);
        var authorization = new AuthorizationHeader(AccessKey, signedHeaders.Split(';'), new string('0', 64));

        var check = SignatureVerifier.Verify(received, authorization, SecretKey, Now);

        Assert.Equal(new SignatureCheck(SignatureFailure.HeaderNotSigned, reason), check);
    }

    [Fact]
    public void ASignedHeaderMissingFromTheRequestIsRefused()
    {
        var sent = Progress();
        Signer.Sign(sent, Now);
        var received = Received(sent);
        received.Headers["X-Project-Id"] = null;

        Assert.Equal(new SignatureCheck(SignatureFailure.SignedHeaderMissing, "signed header x-project-id not found"), Verify(received));
    }

    [Fact]
    public void AnUnsignedPayloadLeavesTheBodyOutOfTheSignature()
    {
        var sent = Progress();
        sent.Headers["X-Sdk-Content-Sha256"] = "UNSIGNED-PAYLOAD";
        var authorization = Signer.Sign(sent, Now);

        Assert.Contains("x-sdk-content-sha256", authorization.SignedHeaders);
        Assert.True(Verify(Received(sent, body: "anything")).IsValid);
    }

    [Fact]
    public void APrecomputedPayloadHashVerifiesLikeTheBodyItHashes()
    {
        var sent = Progress(body: "{}");
        Signer.Sign(sent, Now);
        var received = new SigningRequest
        {
            Method = sent.Method,
            Path = sent.Path,
            PayloadHash = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        };
        foreach (var name in sent.Headers.Names) received.Headers[name] = sent.Headers[name];

        Assert.True(Verify(received).IsValid);
    }

    [Theory]
    [InlineData("/v3/tasks/t%C3%A4sk%20%2B1/progress", "name=my task/ü&flag=a+b&x=%26=%3F")]
    [InlineData("/v3/tasks/~!$'()*,;=:@/progress", "q=!*'();:@$,")]
    [InlineData("/v3/tasks/😀", "id=b&id=a&id=&empty=")]
    public void UnicodeReservedCharactersAndRepeatedKeysRoundTrip(string path, string query)
    {
        var sent = Progress(path: path, query: query);
        Signer.Sign(sent, Now);

        Assert.True(Verify(Received(sent)).IsValid);
    }

    [Fact]
    public void AnEncodedAndAPlainSpellingOfTheSamePathSignAlike()
    {
        var sent = Progress(path: "/v3/tasks/a~b/progress");
        Signer.Sign(sent, Now);

        Assert.True(Verify(Received(sent, path: "/v3/tasks/a%7Eb/progress")).IsValid);
    }

    [Fact]
    public void TheSignerRefusesARequestWithoutHost()
    {
        var request = new SigningRequest { Method = "GET", Path = "/v3/tasks" };

        Assert.Throws<ArgumentException>(() => Signer.Sign(request, Now));
    }

    [Fact]
    public void TheSignerKeepsADateTheCallerAlreadySet()
    {
        var sent = Progress();
        sent.Headers["x-sdk-date"] = "20261126T095500Z";

        Signer.Sign(sent, Now);

        Assert.Equal("20261126T095500Z", sent.Headers["X-Sdk-Date"]);
        Assert.True(Verify(Received(sent)).IsValid);
    }
}
