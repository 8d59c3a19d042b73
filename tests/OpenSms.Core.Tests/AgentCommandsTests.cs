using OpenSms.Core.Tasks;
using static OpenSms.Core.Tasks.TaskStates;

namespace OpenSms.Core.Tests;

/// <summary>What a polling agent is told, and how its acknowledgement moves the task (reference §2.12).</summary>
public sealed class AgentCommandsTests
{
    [Theory]
    [InlineData(null, AgentCommands.TaskNotStarted)]
    [InlineData(Ready, AgentCommands.TaskNotStarted)]
    [InlineData(Running, AgentCommands.Start)]
    [InlineData(Syncing, AgentCommands.Start)]
    [InlineData(Skipping, AgentCommands.Start)]
    [InlineData(Aborting, AgentCommands.Stop)]
    [InlineData(Abort, AgentCommands.TaskHasStopped)]
    [InlineData(MigrateFail, AgentCommands.TaskHasStopped)]
    [InlineData(SyncFail, AgentCommands.TaskHasStopped)]
    [InlineData(Deleting, AgentCommands.TaskHasStopped)]
    [InlineData(Reseting, AgentCommands.TaskHasStopped)]
    [InlineData(MigrateSuccess, AgentCommands.TaskHasFinished)]
    [InlineData(SyncSuccess, AgentCommands.TaskHasFinished)]
    public void WithoutAPendingCommandTheCommandFollowsTheTaskState(string? state, string command) =>
        Assert.Equal(command, AgentCommands.ForTask(state, pending: null));

    [Theory]
    [InlineData(Running, AgentCommands.PreMigrate)]
    [InlineData(MigrateSuccess, AgentCommands.PreMigrate)]
    [InlineData(Syncing, AgentCommands.Skip)]
    [InlineData(Ready, AgentCommands.Stop)]
    public void APendingCommandWinsOverTheState(string state, string pending) =>
        Assert.Equal(pending, AgentCommands.ForTask(state, pending));

    [Theory]
    [InlineData(Aborting, "STOP", true, Abort)]
    [InlineData(Aborting, "STOP", false, null)]
    [InlineData(Running, "STOP", true, null)]
    [InlineData(Abort, "STOP", true, null)]
    [InlineData(Ready, "START", true, Running)]
    [InlineData(Running, "START", true, null)]
    [InlineData(Ready, "START", false, MigrateFail)]
    [InlineData(Running, "START", false, MigrateFail)]
    [InlineData(Syncing, "START", false, null)]
    [InlineData(Abort, "START", false, null)]
    [InlineData(Running, "PREMIGRATE", true, null)]
    [InlineData(Running, "SKIP", false, null)]
    [InlineData(Running, "UPLOAD_LOG", true, null)]
    [InlineData(Aborting, "DELETE", true, null)]
    public void AnAcknowledgementMovesTheTaskOnlyWhereTheTableSays(string state, string command, bool success, string? after) =>
        Assert.Equal(after, AgentCommands.StateAfterResult(state, command, success));

    [Fact]
    public void EveryCommandResultNameOfTheReferenceIsAccepted() =>
        Assert.Subset(AgentCommands.Results.ToHashSet(), new HashSet<string> { "START", "STOP", "DELETE", "SYNC", "UPLOAD_LOG", "RSET_LOG_ACL" });

    [Fact]
    public void EveryOneShotCommandCanBeAcknowledged() =>
        Assert.Subset(AgentCommands.Results.ToHashSet(), new HashSet<string> { AgentCommands.Skip, AgentCommands.PreMigrate });
}
