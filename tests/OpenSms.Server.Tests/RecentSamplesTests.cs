using OpenSms.Core.Insight;
using OpenSms.Core.Storage;
using OpenSms.Server.Insight;

namespace OpenSms.Server.Tests;

/// <summary>The per-instance hold of tasks' recent reports: what it asks the store for, and what it answers.</summary>
public sealed class RecentSamplesTests
{
    static MigrationTask Task(string id, long? lastReportAt) => new()
    {
        Id = id, DomainId = "account", EnterpriseProjectId = "0", Name = id, Type = "MIGRATE_FILE", OsType = "LINUX",
        State = "RUNNING", SourceServerId = "source", CreateDate = 0, SpecJson = "{}", LastReportAt = lastReportAt,
    };

    static RateSample At(long ms, long replicated = 0) => new(DateTimeOffset.FromUnixTimeMilliseconds(ms), replicated, 1_000);

    static long[] Times(IReadOnlyList<RateSample> samples) => samples.Select(s => s.At.ToUnixTimeMilliseconds()).ToArray();

    [Fact]
    public void ATaskSeenForTheFirstTimeIsReadFromTheWindowsStart()
    {
        var held = new RecentSamples(1_000, holdFirstRead: true);
        Assert.Equal(new RecentRead("t", 100_000), held.Plan(Task("t", 150_000), 100_000).Read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(99_999L)]
    public void ATaskWithNoReportInTheWindowIsNotReadAndHasNoSamples(long? lastReportAt)
    {
        var held = new RecentSamples(1_000, holdFirstRead: true);
        var plan = held.Plan(Task("t", lastReportAt), 100_000);
        Assert.Null(plan.Read.Since);
        Assert.Empty(held.Merge(plan, [], 100_000));
    }

    [Fact]
    public void AnUnchangedTaskIsAnsweredFromWhatIsHeldAsTheWindowSlides()
    {
        var held = new RecentSamples(1_000, holdFirstRead: true);
        var task = Task("t", 160_000);
        held.Merge(held.Plan(task, 100_000), [At(100_000), At(130_000), At(160_000)], 100_000);

        var plan = held.Plan(task, 120_000);

        Assert.Null(plan.Read.Since);
        Assert.Equal([130_000L, 160_000L], Times(held.Merge(plan, [], 120_000)));
    }

    [Fact]
    public void ANewReportIsReadFromAMinuteBeforeTheNewestHeldAndJoinedWithoutDuplicates()
    {
        var held = new RecentSamples(1_000, holdFirstRead: true);
        held.Merge(held.Plan(Task("t", 200_000), 100_000), [At(100_000), At(150_000), At(200_000)], 100_000);

        var plan = held.Plan(Task("t", 230_000), 100_000);

        // A report received just before the newest held one may have become visible after it.
        Assert.Equal(new RecentRead("t", 140_000), plan.Read);
        var samples = held.Merge(plan, [At(145_000), At(150_000), At(200_000), At(230_000)], 100_000);
        Assert.Equal([100_000L, 145_000L, 150_000L, 200_000L, 230_000L], Times(samples));
        Assert.Null(held.Plan(Task("t", 230_000), 100_000).Read.Since);
    }

    [Fact]
    public void PastItsCapacityTheTasksShownLeastRecentlyAreDropped()
    {
        var held = new RecentSamples(11, holdFirstRead: true);
        RateSample[] Four(long from) => [At(from), At(from + 1), At(from + 2), At(from + 3)];
        held.Merge(held.Plan(Task("old", 200), 0), Four(0), 0);
        held.Merge(held.Plan(Task("used", 200), 0), Four(10), 0);
        held.Merge(held.Plan(Task("used", 200), 0), [], 0);
        held.Merge(held.Plan(Task("new", 200), 0), Four(20), 0);

        Assert.True(held.Held <= 11);
        Assert.Equal(0, held.Plan(Task("old", 200), 0).Read.Since);
        Assert.Null(held.Plan(Task("used", 200), 0).Read.Since);
        Assert.Null(held.Plan(Task("new", 200), 0).Read.Since);
    }

    [Fact]
    public void ATaskIsHeldFromItsSecondReadOnSoThatOneLookAtManyTasksHoldsNone()
    {
        var held = new RecentSamples(1_000);
        var task = Task("t", 160_000);

        var first = held.Merge(held.Plan(task, 100_000), [At(100_000), At(160_000)], 100_000);
        Assert.Equal([100_000L, 160_000L], Times(first));
        Assert.Equal(0, held.Held);
        Assert.Equal(100_000, held.Plan(task, 100_000).Read.Since);

        held.Merge(held.Plan(task, 100_000), [At(100_000), At(160_000)], 100_000);
        Assert.Equal(2, held.Held);
        Assert.Null(held.Plan(task, 100_000).Read.Since);
    }

    [Fact]
    public void HeldReportsOfOneSubtaskShareItsName()
    {
        var held = new RecentSamples(1_000, holdFirstRead: true);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(100_000);
        RateSample[] fetched = [new(at, 0, 1, null, new string('x', 3)), new(at.AddSeconds(1), 1, 1, null, new string('x', 3))];

        var samples = held.Merge(held.Plan(Task("t", 101_000), 100_000), fetched, 100_000);

        Assert.Same(samples[0].Subtask, samples[1].Subtask);
    }
}
