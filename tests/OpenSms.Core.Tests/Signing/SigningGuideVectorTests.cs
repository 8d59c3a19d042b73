using OpenSms.Core.Signing;

namespace OpenSms.Core.Tests.Signing;

/// <summary>The worked example of Huawei's signing guide (reference §4.1), byte for byte.</summary>
public sealed class SigningGuideVectorTests
{
    const string AccessKey = "QTWAOYTTINDUT2QVKYUC";
    const string SecretKey = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
    const string Signature = "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
    static readonly string[] SignedHeaders = ["content-type", "host", "x-sdk-date"];

    static SigningRequest GuideRequest()
    {
        var request = new SigningRequest
        {
            Method = "GET",
            Path = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            Query = SigningRequest.ParseQuery("limit=2&marker=13551d6b-755d-4757-b956-536f674975c0"),
        };
        request.Headers["Content-Type"] = "application/json";
        request.Headers["Host"] = "service.region.example.com";
        request.Headers["X-Sdk-Date"] = "20191115T033655Z";
        return request;
    }

    [Fact]
    public void TheCanonicalRequestMatchesTheGuideLineByLine()
    {
        var canonical = CanonicalRequest.Build(GuideRequest(), SignedHeaders);

        Assert.Equal(
            "GET\n" +
            "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n" +
            "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n" +
            "content-type:application/json\n" +
            "host:service.region.example.com\n" +
            "x-sdk-date:20191115T033655Z\n" +
            "\n" +
            "content-type;host;x-sdk-date\n" +
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
    }

    [Fact]
    public void TheStringToSignCarriesTheGuidesCanonicalRequestHash()
    {
        var stringToSign = SdkHmacSha256.StringToSign("20191115T033655Z", CanonicalRequest.Build(GuideRequest(), SignedHeaders));

        Assert.Equal("SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a", stringToSign);
        Assert.Equal(Signature, SdkHmacSha256.Signature(SecretKey, stringToSign));
    }

    [Fact]
    public void TheSignerWritesTheGuidesAuthorizationHeader()
    {
        var request = GuideRequest();

        new SdkSigner(AccessKey, SecretKey).Sign(request, DateTimeOffset.UnixEpoch);

        Assert.Equal(
            $"SDK-HMAC-SHA256 Access={AccessKey}, SignedHeaders=content-type;host;x-sdk-date, Signature={Signature}",
            request.Headers["Authorization"]);
        Assert.Equal("20191115T033655Z", request.Headers["X-Sdk-Date"]);
    }

    [Fact]
    public void TheVerifierAcceptsTheGuidesRequestWithinFifteenMinutesOfItsDate()
    {
        var request = GuideRequest();
        var header = $"SDK-HMAC-SHA256 Access={AccessKey}, SignedHeaders=content-type;host;x-sdk-date, Signature={Signature}";
        Assert.True(AuthorizationHeader.TryParse(header, out var authorization, out _));

        var check = SignatureVerifier.Verify(request, authorization, SecretKey, new DateTimeOffset(2019, 11, 15, 3, 40, 0, TimeSpan.Zero));

        Assert.True(check.IsValid, check.Reason);
        Assert.Equal(AccessKey, authorization.AccessKey);
    }
}
