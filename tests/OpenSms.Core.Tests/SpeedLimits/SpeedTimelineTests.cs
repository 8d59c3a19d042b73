using System.Globalization;
using OpenSms.Core.SpeedLimits;

namespace OpenSms.Core.Tests.SpeedLimits;

public sealed class SpeedTimelineTests
{
    static readonly TaskSpeedDefault TaskLimit7 = new(7);

    [Fact]
    public void WithoutWindowsTheWholeRangeIsOneTaskDefaultSegment() =>
        Assert.Equal(["03-02T00:00 03-05T00:00 7@task t10"],
            Build(SpeedSchedule.Empty, "2026-03-02T00:00Z", "2026-03-05T00:00Z"));

    [Fact]
    public void AWholeDayWindowMergesIntoOneSegmentAcrossMidnights() =>
        Assert.Equal(["03-02T05:00 03-05T05:00 30@0 t10"],
            Build(Wire.Windows(null, "00:00-23:59 30"), "2026-03-02T05:00Z", "2026-03-05T05:00Z"));

    [Fact]
    public void ADayIsCutAtEveryWindowEdgeIncludingOneCrossingMidnight() =>
        Assert.Equal(
        [
            "03-02T00:00 03-02T06:00 50@1 t20",
            "03-02T06:00 03-02T08:00 7@task t10",
            "03-02T08:00 03-02T15:00 100@0 t10",
            "03-02T15:00 03-02T22:00 7@task t10",
            "03-02T22:00 03-03T00:00 50@1 t20",
        ], Build(Wire.Windows(null, "08:00-15:00 100", "22:00-06:00 50 t20"), "2026-03-02T00:00Z", "2026-03-03T00:00Z"));

    [Fact]
    public void ARangeInsideOneWindowIsOneSegment() =>
        Assert.Equal(["03-02T09:30 03-02T10:00 100@0 t10"],
            Build(Wire.Windows(null, "08:00-15:00 100"), "2026-03-02T09:30Z", "2026-03-02T10:00Z"));

    [Fact]
    public void AdjacentWindowsWithTheSameSpeedStayApart() =>
        Assert.Equal(["03-02T10:00 03-02T12:00 100@0 t10", "03-02T12:00 03-02T13:00 100@1 t10"],
            Build(Wire.Windows(null, "08:00-12:00 100", "12:00-15:00 100"), "2026-03-02T10:00Z", "2026-03-02T13:00Z"));

    // 2026-03-06 is a Friday.
    [Fact]
    public void DaysLeaveTheOtherNightsToTheTaskDefault() =>
        Assert.Equal(
        [
            "03-05T12:00 03-06T22:00 7@task t10",
            "03-06T22:00 03-07T06:00 50@0 t10",
            "03-07T06:00 03-08T12:00 7@task t10",
        ], Build(Wire.Windows(null, "22:00-06:00 50 Fri"), "2026-03-05T12:00Z", "2026-03-08T12:00Z"));

    [Fact]
    public void OccurrencesOnConsecutiveDaysMerge() =>
        Assert.Equal(["03-01T12:00 03-02T00:00 7@task t10", "03-02T00:00 03-04T00:00 30@0 t10", "03-04T00:00 03-04T12:00 7@task t10"],
            Build(Wire.Windows(null, "00:00-23:59 30 Mon,Tue"), "2026-03-01T12:00Z", "2026-03-04T12:00Z"));

    // The window keeps to 08:00 Berlin time, so in UTC it moves an hour earlier in spring.
    [Fact]
    public void AWallClockWindowFollowsTheSpringChange() =>
        Assert.Equal(
        [
            "03-28T00:00 03-28T07:00 7@task t10",
            "03-28T07:00 03-28T08:00 100@0 t10",
            "03-28T08:00 03-29T06:00 7@task t10",
            "03-29T06:00 03-29T07:00 100@0 t10",
            "03-29T07:00 03-30T06:00 7@task t10",
            "03-30T06:00 03-30T07:00 100@0 t10",
            "03-30T07:00 03-31T00:00 7@task t10",
        ], Build(Wire.Windows("Europe/Berlin", "08:00-09:00 100"), "2026-03-28T00:00Z", "2026-03-31T00:00Z"));

    [Fact]
    public void AWallClockWindowFollowsTheAutumnChange() =>
        Assert.Equal(
        [
            "10-24T00:00 10-24T06:00 7@task t10",
            "10-24T06:00 10-24T07:00 100@0 t10",
            "10-24T07:00 10-25T07:00 7@task t10",
            "10-25T07:00 10-25T08:00 100@0 t10",
            "10-25T08:00 10-26T00:00 7@task t10",
        ], Build(Wire.Windows("Europe/Berlin", "08:00-09:00 100"), "2026-10-24T00:00Z", "2026-10-26T00:00Z"));

    [Fact]
    public void AWindowStartingInTheSkippedHourBeginsAtTheJump() =>
        Assert.Equal(["03-29T00:00 03-29T01:00 7@task t10", "03-29T01:00 03-29T03:00 20@0 t10", "03-29T03:00 03-29T04:00 7@task t10"],
            Build(Wire.Windows("Europe/Berlin", "02:30-05:00 20"), "2026-03-29T00:00Z", "2026-03-29T04:00Z"));

    [Fact]
    public void AWindowInTheRepeatedHourAppearsTwice() =>
        Assert.Equal(
        [
            "10-25T00:00 10-25T00:30 7@task t10",
            "10-25T00:30 10-25T00:45 20@0 t10",
            "10-25T00:45 10-25T01:30 7@task t10",
            "10-25T01:30 10-25T01:45 20@0 t10",
            "10-25T01:45 10-25T02:00 7@task t10",
        ], Build(Wire.Windows("Europe/Berlin", "02:30-02:45 20"), "2026-10-25T00:00Z", "2026-10-25T02:00Z"));

    // The clock goes back from 03:00 to 02:00 at 01:00Z, so it reads before 02:30 again for half an hour.
    [Fact]
    public void AWindowStartingInTheRepeatedHourLapsesUntilTheClockReachesItsStartAgain() =>
        Assert.Equal(
        [
            "10-25T00:00 10-25T00:30 7@task t10",
            "10-25T00:30 10-25T01:00 20@0 t10",
            "10-25T01:00 10-25T01:30 7@task t10",
            "10-25T01:30 10-25T04:00 20@0 t10",
            "10-25T04:00 10-25T05:00 7@task t10",
        ], Build(Wire.Windows("Europe/Berlin", "02:30-05:00 20"), "2026-10-25T00:00Z", "2026-10-25T05:00Z"));

    // 01:00-04:00 on the wall clock lasts only two real hours on the spring day.
    [Fact]
    public void AWindowSpanningTheSkippedHourIsShorterThatDay() =>
        Assert.Equal(["03-28T23:00 03-29T00:00 7@task t10", "03-29T00:00 03-29T02:00 20@0 t10", "03-29T02:00 03-29T03:00 7@task t10"],
            Build(Wire.Windows("Europe/Berlin", "01:00-04:00 20"), "2026-03-28T23:00Z", "2026-03-29T03:00Z"));

    // And four real hours on the autumn day, the repeated hour included once more.
    [Fact]
    public void AWindowSpanningTheRepeatedHourIsLongerThatDay() =>
        Assert.Equal(["10-24T22:00 10-24T23:00 7@task t10", "10-24T23:00 10-25T03:00 20@0 t10", "10-25T03:00 10-25T04:00 7@task t10"],
            Build(Wire.Windows("Europe/Berlin", "01:00-04:00 20"), "2026-10-24T22:00Z", "2026-10-25T04:00Z"));

    [Fact]
    public void SegmentsTileTheRangeWithoutGapsOverAFullMonthInAZone()
    {
        var schedule = Wire.Windows("America/New_York", "22:00-06:00 50 Fri,Sat", "08:00-17:00 100 t30", "17:00-18:00 0");
        var range = TimelineRange.Create(Wire.Utc("2026-02-20T03:17:00Z"), Wire.Utc("2026-03-23T03:17:00Z")).Value;
        var segments = SpeedTimeline.Build(schedule, TaskLimit7, range);
        Assert.Equal(range.From, segments[0].From);
        Assert.Equal(range.To, segments[^1].To);
        for (var i = 1; i < segments.Count; i++)
        {
            Assert.Equal(segments[i - 1].To, segments[i].From);
            Assert.NotEqual((segments[i - 1].LimitMbps, segments[i - 1].WindowIndex), (segments[i].LimitMbps, segments[i].WindowIndex));
        }
        // Every segment agrees with the resolver at its first and its last moment.
        foreach (var s in segments)
        {
            foreach (var at in new[] { s.From, s.To.AddTicks(-1) })
            {
                var limit = ScheduleResolver.AtInstant(schedule, at, TaskLimit7);
                Assert.Equal((s.LimitMbps, s.WindowIndex, s.OverSpeedThreshold), (limit.LimitMbps, limit.WindowIndex, limit.OverSpeedThreshold));
            }
        }
    }

    [Theory]
    [InlineData("2026-03-02T00:00:00Z", "2026-04-02T00:00:00Z", null)]
    [InlineData("2026-03-02T00:00:00+01:00", "2026-03-02T00:00:00Z", null)]
    [InlineData("2026-03-02T00:00:00Z", "2026-04-02T00:00:00.0000001Z", "to")]
    [InlineData("2026-03-02T00:00:00Z", "2026-03-02T00:00:00Z", "to")]
    [InlineData("2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z", "to")]
    [InlineData("2026-03-02T00:00:00", "2026-03-03T00:00:00Z", "from")]
    [InlineData("2026-03-02", "2026-03-03T00:00:00Z", "from")]
    [InlineData("yesterday", "2026-03-03T00:00:00Z", "from")]
    [InlineData("2026-03-02T00:00:00Z", "soon", "to")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z", "from,to")]
    [InlineData("9999-12-30T00:00:00Z", "9999-12-31T00:00:00Z", "from,to")]
    public void TheRangeMustBeOrderedInstantsAtMost31DaysApart(string from, string to, string? fields)
    {
        var result = TimelineRange.Parse(from, to, Wire.Utc("2026-01-01T00:00:00Z"));
        Assert.Equal(fields, result.Errors is { } e ? string.Join(",", e.Fields) : null);
    }

    [Fact]
    public void AMissingFromIsNowAndAMissingToIsOneDayLater()
    {
        var now = Wire.Utc("2026-03-02T10:15:00Z");
        Assert.Equal((now, now.AddDays(1)), Range(TimelineRange.Parse(null, null, now)));
        Assert.Equal((now.AddHours(-10), now.AddHours(14)), Range(TimelineRange.Parse("2026-03-02T00:15:00Z", null, now)));
        Assert.Equal((now, now.AddHours(1)), Range(TimelineRange.Parse(null, "2026-03-02T11:15:00Z", now)));
    }

    [Fact]
    public void TheRangeIsKeptInUtc()
    {
        var range = TimelineRange.Parse("2026-03-02T01:00:00+01:00", "2026-03-02T03:00:00+01:00", default).Value;
        Assert.Equal(TimeSpan.Zero, range.From.Offset);
        Assert.Equal(Wire.Utc("2026-03-02T00:00:00Z"), range.From);
    }

    static (DateTimeOffset, DateTimeOffset) Range(ValidationResult<TimelineRange> result)
    {
        Assert.Null(result.Errors);
        return (result.Value.From, result.Value.To);
    }

    static string[] Build(SpeedSchedule schedule, string from, string to)
    {
        var range = TimelineRange.Create(Wire.Utc(from), Wire.Utc(to));
        Assert.Null(range.Errors);
        return SpeedTimeline.Build(schedule, TaskLimit7, range.Value).Select(Show).ToArray();
    }

    static string Show(TimelineSegment s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.From.UtcDateTime:MM-dd'T'HH:mm} {s.To.UtcDateTime:MM-dd'T'HH:mm} {s.LimitMbps}@{(s.WindowIndex is { } i ? i.ToString(CultureInfo.InvariantCulture) : "task")} t{s.OverSpeedThreshold}");
}
