using OpenSms.Core.Signing;

namespace OpenSms.Core.Tests.Signing;

public sealed class AuthorizationHeaderTests
{
    [Theory]
    [InlineData("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=abc")]
    [InlineData("SDK-HMAC-SHA256 Access=AK1,SignedHeaders=host;x-sdk-date,Signature=abc")]
    [InlineData("  SDK-HMAC-SHA256   Access = AK1 ,  SignedHeaders= host ; x-sdk-date ,Signature =abc  ")]
    [InlineData("SDK-HMAC-SHA256\tSignature=abc, Access=AK1, signedheaders=host;x-sdk-date")]
    public void TheHeaderIsReadWhateverTheSpacingAndOrder(string value)
    {
        Assert.True(AuthorizationHeader.TryParse(value, out var header, out var failure), failure.Reason);

        Assert.Equal("AK1", header.AccessKey);
        Assert.Equal(["host", "x-sdk-date"], header.SignedHeaders);
        Assert.Equal("abc", header.Signature);
    }

    [Fact]
    public void TheHeaderIsWrittenAsHuaweisSdksWriteIt()
    {
        var header = new AuthorizationHeader("AK1", ["content-type", "host", "x-sdk-date"], "abc");

        Assert.Equal("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=content-type;host;x-sdk-date, Signature=abc", header.ToString());
    }

    [Theory]
    [InlineData("SDK-HMAC-SM3 Access=AK1, SignedHeaders=host, Signature=abc")]
    [InlineData("V11-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=abc")]
    [InlineData("sdk-hmac-sha256 Access=AK1, SignedHeaders=host, Signature=abc")]
    [InlineData("Bearer eyJhbGciOi")]
    [InlineData("SDK-HMAC-SHA256,Access=AK1, SignedHeaders=host, Signature=abc")]
    [InlineData("")]
    [InlineData(null)]
    public void AnotherAlgorithmIsRefusedAsUnsupported(string? value)
    {
        Assert.False(AuthorizationHeader.TryParse(value, out _, out var failure));

        Assert.Equal(SignatureFailure.UnsupportedAlgorithm, failure.Failure);
        Assert.StartsWith("unsupported signing algorithm", failure.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SDK-HMAC-SHA256", "missing Access")]
    [InlineData("SDK-HMAC-SHA256 SignedHeaders=host, Signature=abc", "missing Access")]
    [InlineData("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=abc", "missing Access")]
    [InlineData("SDK-HMAC-SHA256 Access=AK1, Signature=abc", "missing SignedHeaders")]
    [InlineData("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host", "missing Signature")]
    [InlineData("SDK-HMAC-SHA256 Access=AK1, Access=AK2, SignedHeaders=host, Signature=abc", "expected Access=, SignedHeaders= and Signature= once each")]
    [InlineData("SDK-HMAC-SHA256 Access=AK1 SignedHeaders=host, Signature=abc", "missing SignedHeaders")]
    [InlineData("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=abc, Extra=1", "unknown part")]
    [InlineData("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;;x-sdk-date, Signature=abc", "invalid SignedHeaders")]
    [InlineData("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x sdk, Signature=abc", "invalid SignedHeaders")]
    public void AMalformedHeaderSaysWhichPartIsWrong(string value, string detail)
    {
        Assert.False(AuthorizationHeader.TryParse(value, out _, out var failure));

        Assert.Equal(SignatureFailure.MalformedAuthorization, failure.Failure);
        Assert.Equal("authorization header format error: " + detail, failure.Reason);
    }
}
