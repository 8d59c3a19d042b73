using OpenSms.Core.Insight;
using static OpenSms.Core.Tests.Insight.Series;

namespace OpenSms.Core.Tests.Insight;

public sealed class RatesTests
{
    public static TheoryData<long[], int, double[]> Windows => new()
    {
        // Byte counts one second apart -> the rates between them (bytes/s), oldest first.
        { [0, 10, 30, 60], 10, [10, 20, 30] },
        { [0, 10, 30, 60], 2, [20, 30] },
        { [0, 10, 30, 60], 0, [] },
        { [0, 10, 5, 25], 10, [10, 20] },     // the count went back: that pair says nothing
        { [0, 10, 5, 25, 45], 2, [20, 20] },  // and the window counts only the pairs that speak
        { [0, 10, 5, 25], 2, [10, 20] },
        { [7], 5, [] },
        { [], 5, [] },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void BetweenGivesTheNewestWindowOfRatesOldestFirstSkippingPairsThatWentBack(long[] replicated, int window, double[] expected)
    {
        var samples = replicated.Select((r, i) => new RateSample(Start.AddSeconds(i), r, 1000)).ToList();
        Assert.Equal(expected, Rates.Between(samples, window));
    }

    [Fact]
    public void BetweenSkipsPairsWithNoTimeBetweenThem()
    {
        List<RateSample> samples = [new(Start, 0, 100), new(Start, 10, 100), new(Start.AddSeconds(2), 30, 100)];
        Assert.Equal([10.0], Rates.Between(samples, 10));
    }

    [Theory]
    [InlineData(new[] { 3.0, 1, 2 }, 0.5, 2)]
    [InlineData(new[] { 3.0, 1, 2, 4 }, 0.5, 2.5)]
    [InlineData(new[] { 10.0, 0, 20, 30, 40 }, 0.9, 36)]
    [InlineData(new[] { 10.0, 0, 20, 30, 40 }, 0.1, 4)]
    [InlineData(new[] { 5.0 }, 0.9, 5)]
    public void PercentileInterpolatesBetweenTheClosestRanksOfTheSortedValues(double[] values, double q, double expected)
    {
        var copy = values.ToArray();
        Assert.Equal(expected, Rates.Percentile(values, q), 9);
        Assert.Equal(copy, values); // the caller's list is not sorted in place
    }
}
