using OpenSms.Core.Tasks;

namespace OpenSms.Core.Tests;

public sealed class AgentTimeTests
{
    [Theory]
    // text sent by the agent, the wall-clock reading kept, the offset (minutes; null when none was sent)
    [InlineData("2025-06-01 10:20:30", "2025-06-01T10:20:30", null)]
    [InlineData("2025-06-01T10:20:30", "2025-06-01T10:20:30", null)]
    [InlineData("2025-06-01T10:20:30.25", "2025-06-01T10:20:30.25", null)]
    [InlineData("2025-06-01 10:20:30.5", "2025-06-01T10:20:30.5", null)]
    [InlineData("2025-06-01T10:20:30Z", "2025-06-01T10:20:30", 0)]
    [InlineData("2025-06-01T10:20:30z", "2025-06-01T10:20:30", 0)]
    [InlineData("2025-06-01T10:20:30+08:00", "2025-06-01T10:20:30", 480)]
    [InlineData("2025-06-01T10:20:30-05:30", "2025-06-01T10:20:30", -330)]
    [InlineData("2025-06-01T10:20:30.1234567+08:00", "2025-06-01T10:20:30.1234567", 480)]
    [InlineData("2025-06-01T10:20:30+0800", "2025-06-01T10:20:30", 480)]
    [InlineData("2025-06-01 10:20:30+01:00", "2025-06-01T10:20:30", 60)]
    [InlineData("  2025-06-01 10:20:30  ", "2025-06-01T10:20:30", null)]
    [InlineData("2025-06-01T10:20Z", "2025-06-01T10:20:00", 0)]
    [InlineData("2025-06-01T10:20+02:00", "2025-06-01T10:20:00", 120)]
    [InlineData("2025-06-01T10:20", "2025-06-01T10:20:00", null)]
    public void IsoAndPlainTimesAreAccepted(string text, string local, int? offsetMinutes)
    {
        Assert.True(AgentTime.TryParse(text, out var time));
        Assert.Equal(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), time.Local);
        Assert.Equal(offsetMinutes is { } m ? TimeSpan.FromMinutes(m) : null, time.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("2025-06-01")]
    [InlineData("10:20:30")]
    [InlineData("2025-13-01 10:20:30")]
    [InlineData("2025-02-30T10:20:30")]
    [InlineData("2025-06-01T25:00:00Z")]
    [InlineData("2025-06-01T10:61:00")]
    [InlineData("2025/06/01 10:20:30")]
    [InlineData("01/06/2025 10:20:30")]
    [InlineData("2025-06-01 10:20:30 PM")]
    [InlineData("2025-06-01T10:20:30 GMT")]
    [InlineData("1748773230")]
    [InlineData("2025-06-01T10")]
    [InlineData("2025-06-01X10:20:30")]
    public void UnparsableTimesAreRejected(string text) =>
        Assert.False(AgentTime.TryParse(text, out _));

    [Theory]
    [InlineData("2025-06-01T10:20:30+08:00", "2025-06-01T10:20:30+08:00")]
    [InlineData("2025-06-01T10:20:30Z", "2025-06-01T10:20:30+00:00")]
    [InlineData("2025-06-01T10:20:30.500-05:00", "2025-06-01T10:20:30.5-05:00")]
    [InlineData("2025-06-01 10:20:30", "2025-06-01T10:20:30")]
    [InlineData("2025-06-01T10:20:30.000", "2025-06-01T10:20:30")]
    public void TheStoredTextIsIso8601KeepingTheOffsetWhenOneWasSent(string text, string stored)
    {
        Assert.True(AgentTime.TryParse(text, out var time));
        Assert.Equal(stored, time.ToString());
    }

    [Fact]
    public void AnOffsetPinsTheTimeToUtc()
    {
        Assert.True(AgentTime.TryParse("2025-06-01T10:20:30+08:00", out var time));
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 2, 20, 30, TimeSpan.Zero), time.Utc);
    }

    [Fact]
    public void WithoutAnOffsetThereIsNoUtcTime()
    {
        Assert.True(AgentTime.TryParse("2025-06-01 10:20:30", out var time));
        Assert.Null(time.Utc);
    }
}
