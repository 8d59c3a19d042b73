using OpenSms.Core.Tasks;

namespace OpenSms.Core.Tests;

public sealed class ProgressRulesTests
{
    [Theory]
    [InlineData("READY", "MIGRATE_LINUX_FILE", 10, "RUNNING")]
    [InlineData("RUNNING", "MIGRATE_LINUX_FILE", 100, "RUNNING")]
    [InlineData("RUNNING", "SYNC_LINUX_FILE", 5, "SYNCING")]
    [InlineData("READY", "SYNC_LINUX_BLOCK", 5, "SYNCING")]
    [InlineData("RUNNING", "DETTACH_AGENT_IMAGE", 99, "RUNNING")]
    [InlineData("RUNNING", "DETTACH_AGENT_IMAGE", 100, "MIGRATE_SUCCESS")]
    [InlineData("SYNCING", "DETTACH_AGENT_IMAGE", 100, "SYNC_SUCCESS")]
    [InlineData("ABORTING", "MIGRATE_LINUX_FILE", 50, "ABORTING")]
    [InlineData("ABORTING", "DETTACH_AGENT_IMAGE", 100, "ABORTING")]
    public void AReportMovesTheTaskStateAsTheContractSays(string before, string subtask, int progress, string after) =>
        Assert.Equal(after, ProgressRules.NextState(before, subtask, progress));
}
