using OpenSms.Core.Insight;
using static OpenSms.Core.Tests.Insight.Series;

namespace OpenSms.Core.Tests.Insight;

public sealed class TaskHealthTests
{
    static string? Assess(List<RateSample> samples, string state = "RUNNING", TimeSpan? silentFor = null)
    {
        var last = samples.Count > 0 ? samples[^1].At : Start;
        return TaskHealth.Assess(state, last, samples, last + (silentFor ?? TimeSpan.Zero), InsightOptions.Default);
    }

    static readonly double[] Steady = Enumerable.Repeat(10.0, 10).ToArray();

    public static TheoryData<string, List<RateSample>, string, TimeSpan, string?> Cases => new()
    {
        { "steady", FromRates(1000 * MB, 5, Steady), "RUNNING", TimeSpan.Zero, "OK" },
        { "syncing is migrating too", FromRates(1000 * MB, 5, Steady), "SYNCING", TimeSpan.Zero, "OK" },
        { "not started", FromRates(1000 * MB, 5, Steady), "READY", TimeSpan.Zero, null },
        { "finished", FromRates(1000 * MB, 5, Steady), "MIGRATE_SUCCESS", TimeSpan.Zero, null },
        { "silent 4:59", FromRates(1000 * MB, 5, Steady), "RUNNING", TimeSpan.FromSeconds(299), "OK" },
        { "silent 5:00", FromRates(1000 * MB, 5, Steady), "RUNNING", TimeSpan.FromMinutes(5), "NO_REPORT" },
        { "same bytes 9:55", Flat(120, 5), "RUNNING", TimeSpan.Zero, "OK" },
        { "same bytes 10:00", Flat(121, 5), "RUNNING", TimeSpan.Zero, "NO_PROGRESS" },
        { "same bytes then silent", Flat(121, 5), "RUNNING", TimeSpan.FromMinutes(6), "NO_REPORT" },
        { "percent moving without bytes", Flat(60, 5, progress: 40).Concat(Flat(61, 5, progress: 41).Select(s => s with { At = s.At.AddMinutes(5) })).ToList(), "RUNNING", TimeSpan.Zero, "OK" },
        { "under a fifth of its median", FromRates(1000 * MB, 5, [.. Steady, 1, 1, 1]), "RUNNING", TimeSpan.Zero, "SLOW" },
        { "at a fifth of its median", FromRates(1000 * MB, 5, [.. Steady, 2, 2, 2]), "RUNNING", TimeSpan.Zero, "OK" },
        { "too few intervals to judge", FromRates(1000 * MB, 5, 10, 10, 1, 1, 1), "RUNNING", TimeSpan.Zero, "OK" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachSeriesHasTheHealthItsRulesGive(string why, List<RateSample> samples, string state, TimeSpan silentFor, string? expected) =>
        Assert.True(expected == Assess(samples, state, silentFor), $"{why}: expected {expected ?? "null"}, got {Assess(samples, state, silentFor) ?? "null"}");

    [Fact]
    public void ATaskStartedLongAgoWithoutAReportIsNoReport() =>
        Assert.Equal("NO_REPORT", TaskHealth.Assess("RUNNING", Start, [], Start.AddMinutes(5), InsightOptions.Default));

    [Fact]
    public void ThresholdsComeFromTheOptions()
    {
        var options = InsightOptions.Default with { NoProgressAfter = TimeSpan.FromMinutes(1) };
        Assert.Equal("NO_PROGRESS", TaskHealth.Assess("RUNNING", Start.AddMinutes(1), Flat(13, 5), Start.AddMinutes(1), options));
    }
}
