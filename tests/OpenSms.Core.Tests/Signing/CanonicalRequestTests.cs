using OpenSms.Core.Signing;

namespace OpenSms.Core.Tests.Signing;

public sealed class CanonicalRequestTests
{
    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/v3/tasks", "/v3/tasks/")]
    [InlineData("/v3/tasks/", "/v3/tasks/")]
    [InlineData("/v3/a%7Eb~c", "/v3/a~b~c/")]
    [InlineData("/v3/a b/%20c", "/v3/a%20b/%20c/")]
    [InlineData("/v3/t%C3%A4sk/ü", "/v3/t%C3%A4sk/%C3%BC/")]
    [InlineData("/v3/a+b/c=d;e,f", "/v3/a%2Bb/c%3Dd%3Be%2Cf/")]
    [InlineData("/v3/%e4%bd%a0", "/v3/%E4%BD%A0/")]
    [InlineData("/v3/emoji-😀", "/v3/emoji-%F0%9F%98%80/")]
    [InlineData("/v3/a%2Fb", "/v3/a/b/")]
    public void APathIsDecodedThenEachSegmentReEncodedWithUppercaseHexAndATrailingSlash(string raw, string canonical) =>
        Assert.Equal(canonical, CanonicalRequest.CanonicalUri(raw));

    [Theory]
    [InlineData("", "")]
    [InlineData("?", "")]
    [InlineData("state=RUNNING&limit=10", "limit=10&state=RUNNING")]
    [InlineData("?b=2&a=1", "a=1&b=2")]
    [InlineData("id=z&id=a&id=m", "id=a&id=m&id=z")]
    [InlineData("a=&b", "a=&b=")]
    [InlineData("name=my+task&x=a%20b", "name=my%20task&x=a%20b")]
    [InlineData("q=%2B1", "q=%2B1")]
    [InlineData("q=a%26b%3Dc&r=%2F%3F%23", "q=a%26b%3Dc&r=%2F%3F%23")]
    [InlineData("q=t%C3%A4sk&ü=1", "q=t%C3%A4sk&%C3%BC=1")]
    [InlineData("q=!*'()", "q=%21%2A%27%28%29")]
    [InlineData("B=1&a=1", "B=1&a=1")]
    [InlineData("a=1&&b=2", "a=1&b=2")]
    public void AQueryIsSortedByKeyThenValueAndEncodedPairByPair(string raw, string canonical) =>
        Assert.Equal(canonical, CanonicalRequest.CanonicalQuery(SigningRequest.ParseQuery(raw)));

    [Fact]
    public void HeaderValuesAreTrimmedAndNamesSpelledAsSigned()
    {
        var headers = new RequestHeaders { ["Content-Type"] = "  application/json\t", ["X-Project-Id"] = " p1 " };

        var text = CanonicalRequest.CanonicalHeaders(headers, ["content-type", "x-project-id"]);

        Assert.Equal("content-type:application/json\nx-project-id:p1\n", text);
    }

    [Fact]
    public void ARepeatedHeaderGivesOneLinePerValueInSortedOrder()
    {
        var headers = new RequestHeaders();
        headers.Add("X-Tag", "b");
        headers.Add("x-tag", "a");

        Assert.Equal("x-tag:a\nx-tag:b\n", CanonicalRequest.CanonicalHeaders(headers, ["x-tag"]));
    }

    [Fact]
    public void ThePayloadHashIsTheBodysSha256UnlessTheRequestDeclaresOne()
    {
        var body = new SigningRequest { Method = "PUT", Path = "/", Body = "{}"u8.ToArray() };
        var precomputed = new SigningRequest { Method = "PUT", Path = "/", PayloadHash = "abc" };
        var unsigned = new SigningRequest { Method = "PUT", Path = "/", Body = "{}"u8.ToArray() };
        unsigned.Headers["X-Sdk-Content-Sha256"] = "UNSIGNED-PAYLOAD";

        Assert.Equal("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", CanonicalRequest.PayloadHash(body));
        Assert.Equal("abc", CanonicalRequest.PayloadHash(precomputed));
        Assert.Equal("UNSIGNED-PAYLOAD", CanonicalRequest.PayloadHash(unsigned));
        Assert.Equal(CanonicalRequest.EmptyPayloadHash, CanonicalRequest.PayloadHash(new SigningRequest { Method = "GET", Path = "/" }));
    }
}
