using OpenSms.Core.Tasks;

namespace OpenSms.Core.Tests;

public sealed class ProgressRulesTests
{
    [Theory]
    [InlineData("READY", "MIGRATE_LINUX_FILE", 10, "RUNNING")]
    [InlineData("READY", "CREATE_CLOUD_SERVER", 0, "RUNNING")]
    [InlineData("RUNNING", "MIGRATE_LINUX_FILE", 100, "RUNNING")]
    [InlineData("RUNNING", "SYNC_LINUX_FILE", 5, "SYNCING")]
    [InlineData("READY", "SYNC_LINUX_BLOCK", 5, "SYNCING")]
    [InlineData("SYNCING", "SYNC_WINDOWS_BLOCK", 100, "SYNCING")]
    [InlineData("SYNCING", "CONFIGURE_LINUX", 50, "SYNCING")]
    [InlineData("RUNNING", "DETTACH_AGENT_IMAGE", 99, "RUNNING")]
    [InlineData("RUNNING", "DETTACH_AGENT_IMAGE", 100, "MIGRATE_SUCCESS")]
    [InlineData("READY", "DETTACH_AGENT_IMAGE", 100, "MIGRATE_SUCCESS")]
    [InlineData("SYNCING", "DETTACH_AGENT_IMAGE", 100, "SYNC_SUCCESS")]
    [InlineData("SYNCING", "DETTACH_AGENT_IMAGE", 99, "SYNCING")]
    [InlineData("ABORTING", "MIGRATE_LINUX_FILE", 50, "ABORTING")]
    [InlineData("ABORTING", "SYNC_LINUX_FILE", 50, "ABORTING")]
    [InlineData("ABORTING", "DETTACH_AGENT_IMAGE", 100, "ABORTING")]
    public void AReportMovesTheTaskStateAsTheContractSays(string before, string subtask, int progress, string after) =>
        Assert.Equal(after, ProgressRules.NextState(before, subtask, progress));

    [Theory]
    [InlineData("READY", true)]
    [InlineData("RUNNING", true)]
    [InlineData("SYNCING", true)]
    [InlineData("ABORTING", true)]
    [InlineData("ABORT", false)]
    [InlineData("MIGRATE_SUCCESS", false)]
    [InlineData("SYNC_SUCCESS", false)]
    [InlineData("MIGRATE_FAIL", false)]
    [InlineData("SYNC_FAIL", false)]
    [InlineData("SKIPPING", false)]
    [InlineData("DELETING", false)]
    [InlineData("RESETING", false)]
    public void ProgressIsAcceptedOnlyInReadyRunningSyncingAndAborting(string state, bool accepts) =>
        Assert.Equal(accepts, TaskStates.AcceptsProgress(state));

    [Theory]
    [InlineData("MIGRATE_SUCCESS", true)]
    [InlineData("SYNC_SUCCESS", true)]
    [InlineData("RUNNING", false)]
    [InlineData("SYNCING", false)]
    [InlineData("MIGRATE_FAIL", false)]
    [InlineData("ABORT", false)]
    public void OnlyTheSuccessStatesAreFinished(string state, bool finished) =>
        Assert.Equal(finished, ProgressRules.IsFinished(state));
}
