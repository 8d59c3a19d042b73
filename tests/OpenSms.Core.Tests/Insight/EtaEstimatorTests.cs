using OpenSms.Core.Insight;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Tests.SpeedLimits;
using static OpenSms.Core.Tests.Insight.Series;

namespace OpenSms.Core.Tests.Insight;

public sealed class EtaEstimatorTests
{
    static EtaEstimate Estimate(List<RateSample> samples, SpeedSchedule? schedule = null, int ownLimit = 0) =>
        EtaEstimator.Estimate(samples, samples.Count > 0 ? samples[^1].At : Start, schedule ?? SpeedSchedule.Empty,
            new TaskSpeedDefault(ownLimit), InsightOptions.Default);

    [Fact]
    public void ASteadyRateGivesTheBytesLeftOverThatRateWithANarrowBand()
    {
        var samples = FromRates(0, 5, 10, 10, 10, 10, 10, 10, 10, 10, 10).Leaving(550 * MB);
        Assert.Equal(new EtaEstimate(55, 55, 55, EtaBasis.ObservedRate), Estimate(samples));
    }

    [Fact]
    public void OneSpikeMovesTheEstimateByHalfItsEwmaShareAndWidensOnlyTheFastEnd()
    {
        // Rates 10,10,10,10,20 MB/s: EWMA 13, median 10, smoothed 11.5; p90 rate 16, p10 rate 10.
        var samples = FromRates(0, 5, 10, 10, 10, 10, 20).Leaving(115 * MB);
        Assert.Equal(new EtaEstimate(10, 8, 12, EtaBasis.ObservedRate), Estimate(samples));
    }

    [Fact]
    public void AThrottledNightWindowAheadLengthensTheEstimate()
    {
        // 10 MB/s observed until 21:00:20; from 22:00 a window allows 8 Mbit/s = 1 MB/s. 3,580 s at
        // full speed (35,800 MB), then 3,600 MB at 1 MB/s: 3,580 s + 3,600 s.
        var night = Wire.Windows(null, "22:00-06:00 8");
        var samples = FromRates(0, 5, 10, 10, 10, 10).Leaving(39_400 * MB);
        Assert.Equal(7180, Estimate(samples, night).Seconds);
        Assert.Equal(3940, Estimate(samples).Seconds);
    }

    [Fact]
    public void TheTasksOwnLimitCapsTheRateWhenNoWindowIsSet()
    {
        var samples = FromRates(0, 5, 10, 10, 10).Leaving(100 * MB);
        Assert.Equal(new EtaEstimate(100, 100, 100, EtaBasis.ObservedRate), Estimate(samples, ownLimit: 8));
    }

    [Fact]
    public void AnEstimateLongerThanAWeekRepeatsTheWeeklySchedule()
    {
        // Limited to 1 MB/s all day every day; 20 days of bytes take 20 days.
        var allDay = Wire.Windows(null, "00:00-23:59 8");
        var samples = FromRates(0, 5, 10, 10, 10).Leaving(20 * 86_400 * MB);
        Assert.Equal(20 * 86_400, Estimate(samples, allDay).Seconds);
    }

    [Fact]
    public void WithTooFewReportsTheAgentsOwnSpeedIsUsed()
    {
        var samples = new List<RateSample> { new(Start, 0, 100 * MB, SpeedMbps: 80) };
        Assert.Equal(new EtaEstimate(10, 10, 10, EtaBasis.AgentSpeed), Estimate(samples));
    }

    public static TheoryData<string, List<RateSample>> Unknowable => new()
    {
        { "no reports", [] },
        { "one report without speed", [new(Start, 0, 100 * MB)] },
        { "no total size yet", [new(Start, 0, 0, SpeedMbps: 80)] },
    };

    [Theory]
    [MemberData(nameof(Unknowable))]
    public void WithoutRatesOrSpeedThereIsNoEstimate(string why, List<RateSample> samples) =>
        Assert.True(Estimate(samples) == EtaEstimate.Unknown, why);

    [Fact]
    public void NothingMovingMeansNoFinishInSight()
    {
        var samples = FromRates(0, 5, 0, 0, 0, 0).Leaving(100 * MB);
        Assert.Equal(new EtaEstimate(null, null, null, EtaBasis.ObservedRate), Estimate(samples));
    }

    [Fact]
    public void AllBytesAcrossIsZeroSecondsLeft()
    {
        var samples = FromRates(0, 5, 10, 10, 10).Leaving(0);
        Assert.Equal(new EtaEstimate(0, 0, 0, EtaBasis.ObservedRate), Estimate(samples));
    }

    [Fact]
    public void AStalledStretchLeavesTheSlowEndOpen()
    {
        var samples = FromRates(0, 5, 10, 10, 10, 10, 10, 10, 10, 10, 0, 0).Leaving(100 * MB);
        var eta = Estimate(samples);
        Assert.NotNull(eta.Seconds);
        Assert.Null(eta.P90Seconds);
    }

    [Fact]
    public void ACounterThatStartsAgainForANewSubtaskIsNotANegativeRate()
    {
        var samples = FromRates(0, 5, 10, 10, 10);
        samples.Add(new(samples[^1].At.AddSeconds(5), 0, samples[^1].Total));
        samples.AddRange(FromRates(0, 5, 10).Skip(1).Select(s => s with { At = samples[^1].At.AddSeconds(5) }));
        var eta = Estimate(samples.Leaving(100 * MB));
        Assert.Equal(10, eta.Seconds);
    }
}
