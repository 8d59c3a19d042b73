using System.Globalization;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Tasks;

namespace OpenSms.Core.Tests.SpeedLimits;

public sealed class ScheduleResolverTests
{
    static readonly TaskSpeedDefault TaskLimit7 = new(7);

    // 2026-03-02 is a Monday.
    [Theory]
    [InlineData("2026-03-02 07:59:59.9999999", "7@task")]
    [InlineData("2026-03-02 08:00", "100@0")]
    [InlineData("2026-03-02 14:59:59.9999999", "100@0")]
    [InlineData("2026-03-02 15:00", "7@task")]
    [InlineData("2026-03-02 21:59:59", "7@task")]
    [InlineData("2026-03-02 22:00", "50@1")]
    [InlineData("2026-03-02 23:59", "50@1")]
    [InlineData("2026-03-02 23:59:59", "50@1")]
    [InlineData("2026-03-03 00:00", "50@1")]
    [InlineData("2026-03-03 05:59:59.9999999", "50@1")]
    [InlineData("2026-03-03 06:00", "7@task")]
    public void WindowsAreInForceFromTheirStartUntilJustBeforeTheirEnd(string local, string expected)
    {
        var schedule = Wire.Windows(null, "08:00-15:00 100", "22:00-06:00 50 t20");
        Assert.Equal(expected, Show(ScheduleResolver.AtLocal(schedule, Wire.Local(local), TaskLimit7)));
    }

    [Theory]
    [InlineData("2026-03-02 00:00")]
    [InlineData("2026-03-02 12:00")]
    [InlineData("2026-03-02 23:59")]
    [InlineData("2026-03-02 23:59:59")]
    [InlineData("2026-03-02 23:59:59.9999999")]
    [InlineData("2026-03-08 23:59:30")]
    public void AWindowFromMidnightTo2359CoversTheWholeDay(string local)
    {
        var schedule = Wire.Windows(null, "00:00-23:59 30");
        Assert.Equal("30@0", Show(ScheduleResolver.AtLocal(schedule, Wire.Local(local), TaskLimit7)));
    }

    [Theory]
    [InlineData("2026-03-02 19:59:59", "7@task")]
    [InlineData("2026-03-02 23:59", "40@0")]
    [InlineData("2026-03-02 23:59:59.9999999", "40@0")]
    [InlineData("2026-03-03 00:00", "7@task")]
    public void AnEndOf2359RunsToMidnightButNotPastIt(string local, string expected)
    {
        var schedule = Wire.Windows(null, "20:00-23:59 40");
        Assert.Equal(expected, Show(ScheduleResolver.AtLocal(schedule, Wire.Local(local), TaskLimit7)));
    }

    [Theory]
    [InlineData(7, "7@task")]
    [InlineData(0, "0@task")]
    public void WithoutWindowsTheTasksOwnLimitApplies(int taskLimit, string expected)
    {
        var limit = ScheduleResolver.AtLocal(SpeedSchedule.Empty, Wire.Local("2026-03-02 12:00"), new TaskSpeedDefault(taskLimit));
        Assert.Equal(expected, Show(limit));
        Assert.Equal(10, limit.OverSpeedThreshold);
    }

    [Fact]
    public void AWindowWithSpeedZeroLiftsTheTasksOwnLimitWhileInForce()
    {
        var limit = ScheduleResolver.AtLocal(Wire.Windows(null, "08:00-15:00 0"), Wire.Local("2026-03-02 09:00"), TaskLimit7);
        Assert.Equal("0@0", Show(limit));
        Assert.True(limit.Unlimited);
    }

    [Fact]
    public void TheWindowsThresholdAndTheTasksThresholdAreReported()
    {
        var schedule = Wire.Windows(null, "08:00-15:00 100 t25");
        Assert.Equal(25, ScheduleResolver.AtLocal(schedule, Wire.Local("2026-03-02 09:00"), TaskLimit7).OverSpeedThreshold);
        Assert.Equal(30, ScheduleResolver.AtLocal(schedule, Wire.Local("2026-03-02 16:00"), new TaskSpeedDefault(7, 30)).OverSpeedThreshold);
    }

    // 2026-03-06 is a Friday, 2026-03-01 a Sunday.
    [Theory]
    [InlineData("22:00-06:00 50 Fri", "2026-03-06 23:00", "50@0")]
    [InlineData("22:00-06:00 50 Fri", "2026-03-07 03:00", "50@0")]
    [InlineData("22:00-06:00 50 Fri", "2026-03-07 23:00", "7@task")]
    [InlineData("22:00-06:00 50 Fri", "2026-03-06 03:00", "7@task")]
    [InlineData("22:00-06:00 50 Fri", "2026-03-02 23:00", "7@task")]
    [InlineData("22:00-06:00 50 Sun", "2026-03-01 23:00", "50@0")]
    [InlineData("22:00-06:00 50 Sun", "2026-03-02 05:59", "50@0")]
    [InlineData("22:00-06:00 50 Sun", "2026-03-02 22:00", "7@task")]
    [InlineData("08:00-17:00 100 Mon,Tue,Wed,Thu,Fri", "2026-03-06 12:00", "100@0")]
    [InlineData("08:00-17:00 100 Mon,Tue,Wed,Thu,Fri", "2026-03-07 12:00", "7@task")]
    [InlineData("20:00-23:59 40 Sat", "2026-03-07 23:59:59", "40@0")]
    [InlineData("20:00-23:59 40 Sat", "2026-03-08 00:00", "7@task")]
    public void DaysLimitAWindowToTheDaysItStartsOn(string window, string local, string expected)
    {
        var schedule = Wire.Windows(null, window);
        Assert.Equal(expected, Show(ScheduleResolver.AtLocal(schedule, Wire.Local(local), TaskLimit7)));
    }

    // Berlin: CET (+01) until 2026-03-29 01:00Z, CEST (+02) until 2026-10-25 01:00Z, then CET.
    [Theory]
    [InlineData("2026-03-28T06:59:59Z", "7@task")]
    [InlineData("2026-03-28T07:00:00Z", "100@0")]
    [InlineData("2026-03-28T08:00:00Z", "7@task")]
    [InlineData("2026-03-29T05:59:59Z", "7@task")]
    [InlineData("2026-03-29T06:00:00Z", "100@0")]
    [InlineData("2026-03-29T07:00:00Z", "7@task")]
    [InlineData("2026-10-24T06:00:00Z", "100@0")]
    [InlineData("2026-10-25T06:00:00Z", "7@task")]
    [InlineData("2026-10-25T07:00:00Z", "100@0")]
    [InlineData("2026-10-25T07:59:59Z", "100@0")]
    [InlineData("2026-10-25T08:00:00Z", "7@task")]
    public void AUtcInstantIsReadInTheSchedulesZoneAcrossDaylightSaving(string utc, string expected)
    {
        var schedule = Wire.Windows("Europe/Berlin", "08:00-09:00 100");
        Assert.Equal(expected, Show(ScheduleResolver.AtInstant(schedule, Wire.Utc(utc), TaskLimit7)));
    }

    [Theory]
    [InlineData("2026-03-29T07:59:59Z", "7@task")]
    [InlineData("2026-03-29T08:00:00Z", "100@0")]
    public void AScheduleWithoutAZoneReadsInstantsAsUtc(string utc, string expected)
    {
        var schedule = Wire.Windows(null, "08:00-09:00 100");
        Assert.Equal(expected, Show(ScheduleResolver.AtInstant(schedule, Wire.Utc(utc), TaskLimit7)));
    }

    // The wall clock jumps from 01:59:59 to 03:00 at 01:00Z: a window starting in the skipped hour
    // is in force from the jump.
    [Theory]
    [InlineData("2026-03-29T00:59:59Z", "7@task")]
    [InlineData("2026-03-29T01:00:00Z", "20@0")]
    [InlineData("2026-03-29T02:59:59Z", "20@0")]
    [InlineData("2026-03-29T03:00:00Z", "7@task")]
    public void AWindowStartingInTheSkippedHourBeginsWhenTheClockJumps(string utc, string expected)
    {
        var schedule = Wire.Windows("Europe/Berlin", "02:30-05:00 20");
        Assert.Equal(expected, Show(ScheduleResolver.AtInstant(schedule, Wire.Utc(utc), TaskLimit7)));
    }

    // The wall clock reads 02:00-02:59 twice: from 00:00Z (CEST) and again from 01:00Z (CET).
    [Theory]
    [InlineData("2026-10-25T00:29:59Z", "7@task")]
    [InlineData("2026-10-25T00:30:00Z", "20@0")]
    [InlineData("2026-10-25T00:45:00Z", "7@task")]
    [InlineData("2026-10-25T01:29:59Z", "7@task")]
    [InlineData("2026-10-25T01:30:00Z", "20@0")]
    [InlineData("2026-10-25T01:45:00Z", "7@task")]
    public void AWindowInTheRepeatedHourAppliesToBothReadingsOfTheWallClock(string utc, string expected)
    {
        var schedule = Wire.Windows("Europe/Berlin", "02:30-02:45 20");
        Assert.Equal(expected, Show(ScheduleResolver.AtInstant(schedule, Wire.Utc(utc), TaskLimit7)));
    }

    [Theory]
    [InlineData("2026-03-29T07:30:00+02:00", "2026-03-29T00:00:00Z", "7@task")]
    [InlineData("2026-03-29 08:30:00", "2026-03-29T00:00:00Z", "100@0")]
    [InlineData("2026-03-29T08:30:00+09:00", "2026-03-29T00:00:00Z", "100@0")]
    [InlineData(null, "2026-03-29T06:30:00Z", "100@0")]
    [InlineData(null, "2026-03-29T08:30:00Z", "7@task")]
    public void AReportIsJudgedByTheAgentsWallClockOrElseByServerTimeInTheZone(string? agentTime, string receivedAt, string expected)
    {
        var schedule = Wire.Windows("Europe/Berlin", "08:00-09:00 100");
        AgentTime? agent = agentTime is null ? null : Parse(agentTime);
        Assert.Equal(expected, Show(ScheduleResolver.ForReport(schedule, Wire.Utc(receivedAt), agent, TaskLimit7)));
    }

    [Theory]
    [InlineData(100, 10, 110, false)]
    [InlineData(100, 10, 110.0001, true)]
    [InlineData(100, 10, 50, false)]
    [InlineData(100, 50, 150, false)]
    [InlineData(100, 50, 151, true)]
    [InlineData(0, 10, 9999, false)]
    [InlineData(7, 10, 7.7, false)]
    [InlineData(7, 10, 7.71, true)]
    [InlineData(30, 10, 33, false)]
    [InlineData(1000, 10.1, 1101, false)]
    [InlineData(1000, 10.1, 1101.001, true)]
    [InlineData(3, 33.3, 3.999, false)]
    [InlineData(1, 100, 2, false)]
    [InlineData(1, 100, 2.000001, true)]
    public void AReportIsOverWhenItsSpeedExceedsTheLimitPlusTheThreshold(int limit, double threshold, double speed, bool over) =>
        Assert.Equal(over, new SpeedLimitInForce(limit, threshold, 0).IsOver(speed));

    [Fact]
    public void AReportWithoutASpeedIsNeverOver() => Assert.False(new SpeedLimitInForce(100, 10, 0).IsOver(null));

    static AgentTime Parse(string text)
    {
        Assert.True(AgentTime.TryParse(text, out var time));
        return time;
    }

    static string Show(SpeedLimitInForce limit) => string.Create(CultureInfo.InvariantCulture,
        $"{limit.LimitMbps}@{(limit.WindowIndex is { } i ? i.ToString(CultureInfo.InvariantCulture) : "task")}");
}
