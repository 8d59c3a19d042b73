using System.Globalization;
using System.Text.Json;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Tasks;

namespace OpenSms.Core.Tests.SpeedLimits;

public sealed class OverSpeedDetectorTests
{
    static readonly DateTimeOffset T0 = Wire.Utc("2026-03-02T10:00:00Z");
    static readonly TaskSpeedDefault TaskLimit100 = new(100);

    // Reports are "seconds:speed" ("-" for none). Each verdict reads "." under, "o" over, "S" stop,
    // with "E" in front when the report ended a run without a stop. The task's own limit is 100
    // Mbit/s with the default 10 % threshold, so over means above 110.
    [Theory]
    [InlineData("0:50 20:50 40:50 60:50 80:50", ". . . . .")]
    [InlineData("0:110 20:110 40:110 60:110 80:110", ". . . . .")]
    [InlineData("0:110.01 20:110.01 40:110.01 60:110.01", "o o o S")]
    [InlineData("0:200 15:200 30:200", "o o o")]
    [InlineData("0:200 60:200", "o o")]
    [InlineData("0:200 90:200", "o Eo")]
    [InlineData("0:200 45:200 90:200", "o o S")]
    [InlineData("0:200 20:200 40:200 59:200", "o o o o")]
    [InlineData("0:200 20:200 40:200 60:200", "o o o S")]
    [InlineData("0:200 5:200 10:200 15:200 20:200 25:200 30:200 35:200 40:200 45:200 50:200 55:200 60:200", "o o o o o o o o o o o o S")]
    [InlineData("0:200 20:200 40:200 60:200 80:200 100:200 120:200 140:200", "o o o S o o o S")]
    [InlineData("0:200 20:200 40:50 60:200 80:200 100:200 120:200", "o o E. o o o S")]
    [InlineData("0:200 20:200 40:- 60:200 80:200 100:200 120:200", "o o E. o o o S")]
    [InlineData("0:- 20:- 40:- 60:-", ". . . .")]
    [InlineData("0:200 20:200 30:200 100:200 110:200 120:200", "o o o Eo o o")]
    [InlineData("0:200 20:200 10:50 40:200 60:200", "o o . o S")]
    [InlineData("0:200 20:200 20:200 60:200", "o o o S")]
    public void TheTaskIsStoppedOnlyAfterASustainedRunOfOverSpeedReports(string reports, string expected) =>
        Assert.Equal(expected, Run(SpeedSchedule.Empty, TaskLimit100, reports));

    [Theory]
    [InlineData("0:5000 20:5000 40:5000 60:5000 80:5000")]
    [InlineData("0:10000 60:10000 120:10000 180:10000")]
    public void ALimitOfZeroMeansNoLimit(string reports)
    {
        Assert.Equal(Dots(reports), Run(SpeedSchedule.Empty, TaskSpeedDefault.None, reports));
        Assert.Equal(Dots(reports), Run(Wire.Windows(null, "00:00-23:59 0"), TaskLimit100, reports));
    }

    [Theory]
    [InlineData("00:00-23:59 100", "0:110 20:110 40:110 60:110", ". . . .")]
    [InlineData("00:00-23:59 100", "0:110.5 20:110.5 40:110.5 60:110.5", "o o o S")]
    [InlineData("00:00-23:59 100 t50", "0:150 20:150 40:150 60:150", ". . . .")]
    [InlineData("00:00-23:59 100 t50", "0:151 20:151 40:151 60:151", "o o o S")]
    [InlineData("00:00-23:59 1000 t100", "0:2000 20:2000 40:2000 60:2000", ". . . .")]
    public void TheWindowsThresholdDefaultsToTenPercent(string window, string reports, string expected) =>
        Assert.Equal(expected, Run(Wire.Windows(null, window), TaskLimit100, reports));

    // 10:01-11:00 raises the limit to 300 Mbit/s: 200 is over the task's 100 but not over 300.
    [Fact]
    public void ARaisedLimitEndsTheRunFromItsStart() =>
        Assert.Equal("o o o E. . .", Run(Wire.Windows(null, "10:01-11:00 300"), TaskLimit100, "0:200 20:200 40:200 60:200 80:200 100:200"));

    // 10:00-10:01 allows 150 (over above 165); afterwards the task's 100 (over above 110) applies.
    [Fact]
    public void ALoweredLimitKeepsTheRunGoingAndEachReportKeepsItsOwnLimit()
    {
        var schedule = Wire.Windows(null, "10:00-10:01 150");
        var (_, verdicts) = Feed(schedule, TaskLimit100, "0:170 30:170 60:130");
        var stopped = verdicts[^1].Stopped;
        Assert.NotNull(stopped);
        Assert.Equal([(150, 0), (150, 0), (100, (int?)null)], stopped.Samples.Select(s => (s.LimitMbps, s.WindowIndex)));
        Assert.Null(stopped.Window);
        Assert.Equal(100, stopped.LimitMbps);
    }

    [Fact]
    public void ALoweredLimitDoesNotMakeEarlierReportsOver() =>
        Assert.Equal(". . o o o S", Run(Wire.Windows(null, "10:00-10:01 150"), TaskLimit100, "0:130 30:130 60:130 80:130 100:130 120:130"));

    // The window is in force on the agent's clock (10:30 local) although the server reads 12:00 UTC.
    [Fact]
    public void TheAgentsWallClockPicksTheWindow()
    {
        var schedule = Wire.Windows(null, "10:00-11:00 1000");
        var withAgentTime = Enumerable.Range(0, 4).Select(i =>
            new SpeedObservation(T0.AddHours(2).AddSeconds(20 * i), Agent("2026-03-02 10:30:00"), 200));
        var withoutAgentTime = Enumerable.Range(0, 4).Select(i => new SpeedObservation(T0.AddHours(2).AddSeconds(20 * i), null, 200));
        Assert.Equal(". . . .", Show(Feed(schedule, TaskLimit100, withAgentTime).Verdicts));
        Assert.Equal("o o o S", Show(Feed(Wire.Windows(null, "10:00-11:00 100"), new TaskSpeedDefault(1000), withAgentTime).Verdicts));
        Assert.Equal("o o o S", Show(Feed(schedule, TaskLimit100, withoutAgentTime).Verdicts));
    }

    [Fact]
    public void TheStoppingEpisodeCarriesTheWindowTheLimitAndTheObservedSpeeds()
    {
        var schedule = Wire.Windows(null, "08:00-12:00 100 t20 Mon", "13:00-14:00 5");
        var (state, verdicts) = Feed(schedule, new TaskSpeedDefault(7), "0:130 20:150 40:125 60:121");
        var episode = verdicts[^1].Stopped;
        Assert.NotNull(episode);
        Assert.True(episode.Stopped);
        Assert.Equal((T0, T0.AddSeconds(60)), (episode.StartedAt, episode.EndedAt));
        Assert.Equal(schedule.Windows[0], episode.Window);
        Assert.Equal("08:00-12:00 on Mon", episode.Window?.Describe());
        Assert.Equal((100, 20.0, 4, 150.0), (episode.LimitMbps, episode.OverSpeedThreshold, episode.ReportCount, episode.PeakMbps));
        Assert.Equal([130.0, 150, 125, 121], episode.Samples.Select(s => s.SpeedMbps));
        Assert.Equal([0.0, 20, 40, 60], episode.Samples.Select(s => (s.At - T0).TotalSeconds));
        Assert.Equal(OverSpeedState.Empty with { LastReportAt = T0.AddSeconds(60) }, state);
    }

    [Fact]
    public void EachSampleCarriesTheAgentsClockSkew()
    {
        var schedule = Wire.Windows("Europe/Berlin", "00:00-23:59 100");
        var reports = new SpeedObservation[]
        {
            new(T0, Agent("2026-03-02 11:00:05"), 200),
            new(T0.AddSeconds(30), null, 200),
            new(T0.AddSeconds(60), Agent("2026-03-02T10:00:00Z"), 200),
        };
        var episode = Feed(schedule, TaskLimit100, reports).Verdicts[^1].Stopped;
        Assert.NotNull(episode);
        Assert.Equal([5.0, null, -60], episode.Samples.Select(s => s.ClockSkewSeconds));
        Assert.Equal([Wire.Local("2026-03-02 11:00:05"), null, Wire.Local("2026-03-02 10:00:00")], episode.Samples.Select(s => s.AgentLocal));
    }

    [Fact]
    public void AnEndedEpisodeIsReportedWithoutAStop()
    {
        var (_, verdicts) = Feed(SpeedSchedule.Empty, TaskLimit100, "0:130 20:150 40:90");
        var episode = verdicts[^1].Ended;
        Assert.NotNull(episode);
        Assert.False(episode.Stopped);
        Assert.False(verdicts[^1].Stop);
        Assert.Equal((T0, T0.AddSeconds(20), 2), (episode.StartedAt, episode.EndedAt, episode.ReportCount));
        Assert.Null(episode.Window);
    }

    [Fact]
    public void TheKeptSamplesAreBoundedButTheRunIsCountedWhole()
    {
        var options = new OverSpeedOptions { MaxSamples = 5 };
        var reports = string.Join(' ', Enumerable.Range(0, 61).Select(i => $"{i}:200"));
        var (_, verdicts) = Feed(SpeedSchedule.Empty, TaskLimit100, reports, options);
        var episode = verdicts[^1].Stopped;
        Assert.NotNull(episode);
        Assert.Equal((61, T0), (episode.ReportCount, episode.StartedAt));
        Assert.Equal([56.0, 57, 58, 59, 60], episode.Samples.Select(s => (s.At - T0).TotalSeconds));
    }

    [Theory]
    [InlineData(30, 2, 60, "0:200 30:200", "o S")]
    [InlineData(60, 5, 60, "0:200 20:200 40:200 60:200 80:200", "o o o o S")]
    [InlineData(60, 3, 120, "0:200 90:200", "o o")]
    [InlineData(60, 3, 120, "0:200 90:200 100:200", "o o S")]
    [InlineData(0, 1, 60, "0:200 1:50", "S .")]
    public void TheWindowTheReportCountAndTheGapAreConfigurable(int windowSeconds, int minReports, int gapSeconds, string reports, string expected)
    {
        var options = new OverSpeedOptions
        {
            SlidingWindow = TimeSpan.FromSeconds(windowSeconds),
            MinReports = minReports,
            MaxReportGap = TimeSpan.FromSeconds(gapSeconds),
        };
        Assert.Equal(expected, Run(SpeedSchedule.Empty, TaskLimit100, reports, options));
    }

    [Fact]
    public void ImpossibleOptionsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OverSpeedOptions { MinReports = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OverSpeedOptions { MaxSamples = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OverSpeedOptions { SlidingWindow = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OverSpeedOptions { MaxReportGap = TimeSpan.FromSeconds(-1) });
    }

    [Fact]
    public void TheStateSurvivesAJsonRoundTripMidRun()
    {
        var schedule = Wire.Windows(null, "08:00-12:00 100 t20 Mon,Tue");
        var (state, _) = Feed(schedule, TaskLimit100, "0:200 20:200");
        var json = JsonSerializer.Serialize(state, Wire.Json);
        var restored = JsonSerializer.Deserialize<OverSpeedState>(json, Wire.Json)!;
        Assert.Equal(state.Window, restored.Window);
        Assert.Equal(state.Samples, restored.Samples);
        var (_, verdict) = OverSpeedDetector.Observe(restored, new(T0.AddSeconds(60), null, 200), schedule, TaskLimit100);
        Assert.True(verdict.Stop);
    }

    [Fact]
    public void AReportBuiltFromAProgressReportKeepsItsTimesAndSpeed()
    {
        var agent = Agent("2026-03-02 11:00:00");
        var report = new ProgressReport("t", "d", T0.ToUnixTimeMilliseconds(), "MIGRATE_LINUX_FILE", 5, 1, 2, "", agent) { MigrateSpeed = 12.5 };
        Assert.Equal(new SpeedObservation(T0, agent, 12.5), SpeedObservation.From(report));
    }

    static string Dots(string reports) => string.Join(' ', reports.Split(' ').Select(_ => "."));

    static AgentTime Agent(string text)
    {
        Assert.True(AgentTime.TryParse(text, out var time));
        return time;
    }

    static string Run(SpeedSchedule schedule, TaskSpeedDefault taskDefault, string reports, OverSpeedOptions? options = null) =>
        Show(Feed(schedule, taskDefault, reports, options).Verdicts);

    static (OverSpeedState State, List<OverSpeedVerdict> Verdicts) Feed(SpeedSchedule schedule, TaskSpeedDefault taskDefault,
        string reports, OverSpeedOptions? options = null) =>
        Feed(schedule, taskDefault, reports.Split(' ').Select(r =>
        {
            var (seconds, speed) = (r.Split(':')[0], r.Split(':')[1]);
            return new SpeedObservation(T0.AddSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)), null,
                speed == "-" ? null : double.Parse(speed, CultureInfo.InvariantCulture));
        }), options);

    static (OverSpeedState State, List<OverSpeedVerdict> Verdicts) Feed(SpeedSchedule schedule, TaskSpeedDefault taskDefault,
        IEnumerable<SpeedObservation> reports, OverSpeedOptions? options = null)
    {
        var state = OverSpeedState.Empty;
        var verdicts = new List<OverSpeedVerdict>();
        foreach (var report in reports)
        {
            (state, var verdict) = OverSpeedDetector.Observe(state, report, schedule, taskDefault, options);
            verdicts.Add(verdict);
        }
        return (state, verdicts);
    }

    static string Show(IEnumerable<OverSpeedVerdict> verdicts) => string.Join(' ', verdicts.Select(v =>
        (v.Ended is null ? "" : "E") + (v.Stop ? "S" : v.IsOver ? "o" : ".")));
}
