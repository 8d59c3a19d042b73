using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Tasks;

namespace OpenSms.Core.Tests.SpeedLimits;

public sealed class ClockSkewTests
{
    [Theory]
    [InlineData("2026-03-02T10:00:30+01:00", null, "2026-03-02T09:00:00Z", 30, false)]
    [InlineData("2026-03-02T09:00:00Z", "Europe/Berlin", "2026-03-02T09:00:00Z", 0, false)]
    [InlineData("2026-03-02T08:54:00-00:00", null, "2026-03-02T09:00:00Z", -360, true)]
    [InlineData("2026-03-02 10:00:00", null, "2026-03-02T10:06:00Z", -360, true)]
    [InlineData("2026-03-02 10:05:00", null, "2026-03-02T10:00:00Z", 300, false)]
    [InlineData("2026-03-02 10:05:00.001", null, "2026-03-02T10:00:00Z", 300.001, true)]
    [InlineData("2026-03-02 09:55:00", null, "2026-03-02T10:00:00Z", -300, false)]
    [InlineData("2026-03-02 11:00:00", "Europe/Berlin", "2026-03-02T10:00:00Z", 0, false)]
    [InlineData("2026-07-02 12:00:10", "Europe/Berlin", "2026-07-02T10:00:00Z", 10, false)]
    [InlineData("2026-03-02 10:00:00", "Europe/Berlin", "2026-03-02T10:00:00Z", -3600, true)]
    [InlineData("2026-10-25 02:30:00", "Europe/Berlin", "2026-10-25T00:30:00Z", 0, false)]
    [InlineData("2026-10-25 02:30:00", "Europe/Berlin", "2026-10-25T01:30:00Z", 0, false)]
    [InlineData("2026-03-29 02:30:00", "Europe/Berlin", "2026-03-29T01:10:00Z", 1200, true)]
    [InlineData("2026-03-29 02:30:00", "Europe/Berlin", "2026-03-29T00:40:00Z", -600, true)]
    public void SkewIsTheAgentsClockMinusTheServersReceiveTime(string agentTime, string? zone, string receivedAt, double seconds, bool flagged)
    {
        Assert.True(AgentTime.TryParse(agentTime, out var agent));
        var tz = zone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zone);
        Assert.Equal(new ClockSkewReading(seconds, flagged), ClockSkew.Measure(agent, Wire.Utc(receivedAt), tz));
    }

    [Fact]
    public void TheSchedulesZoneReadsAnAgentTimeWithoutOffset()
    {
        Assert.True(AgentTime.TryParse("2026-03-02 11:00:00", out var agent));
        var schedule = Wire.Windows("Europe/Berlin", "08:00-09:00 100");
        Assert.Equal(new ClockSkewReading(0, false), ClockSkew.Measure(agent, Wire.Utc("2026-03-02T10:00:00Z"), schedule));
        Assert.Equal(new ClockSkewReading(3600, true), ClockSkew.Measure(agent, Wire.Utc("2026-03-02T10:00:00Z"), SpeedSchedule.Empty));
    }

    // AgentTime's parser refuses such instants, but a stored or hand-built value may still hold one.
    [Theory]
    [InlineData(false, 14)]
    [InlineData(false, null)]
    [InlineData(true, -14)]
    [InlineData(true, null)]
    public void AnAbsurdAgentClockIsFlaggedWithoutOverflowing(bool maxValue, int? offsetHours)
    {
        var agent = new AgentTime(maxValue ? DateTime.MaxValue : DateTime.MinValue,
            offsetHours is { } h ? TimeSpan.FromHours(h) : null);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati");
        Assert.True(ClockSkew.Measure(agent, Wire.Utc("2026-03-02T10:00:00Z"), zone).Flagged);
    }
}
