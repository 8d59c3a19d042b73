using OpenSms.Core.Sources;
using static OpenSms.Core.Tasks.TaskStates;

namespace OpenSms.Core.Tests;

/// <summary>How a source's state is derived from its task's (reference §2.12).</summary>
public sealed class SourceStatesTests
{
    [Theory]
    [InlineData("waiting")]
    [InlineData("unavailable")]
    [InlineData("finished")]
    public void WithoutATaskASourceShowsWhatItRegistered(string registered) =>
        Assert.Equal(registered, SourceStates.Derive(registered, taskState: null));

    [Theory]
    [InlineData(Ready, "initialize")]
    [InlineData(Running, "replicate")]
    [InlineData(Syncing, "syncing")]
    [InlineData(Aborting, "stopping")]
    [InlineData(Abort, "stopped")]
    [InlineData(Skipping, "skipping")]
    [InlineData(Deleting, "deleting")]
    [InlineData(MigrateSuccess, "finished")]
    [InlineData(SyncSuccess, "finished")]
    [InlineData(MigrateFail, "error")]
    [InlineData(SyncFail, "error")]
    [InlineData(Reseting, "error")]
    [InlineData("SOMETHING_NEW", "error")]
    public void WithATaskASourceShowsTheTasksState(string taskState, string sourceState) =>
        Assert.Equal(sourceState, SourceStates.Derive("waiting", taskState));

    [Fact]
    public void EveryDerivedStateIsASourceStateOfTheReference() =>
        Assert.Subset(SourceStates.All.ToHashSet(), SourceStates.ByTaskState.Values.Append("error").ToHashSet());
}
