using OpenSms.Core.Tasks;
using static OpenSms.Core.Tasks.TaskStates;

namespace OpenSms.Core.Tests;

/// <summary>TaskActions.Apply for every operation in every task state (reference §2.6, CONTRACT.md Errors).</summary>
public sealed class TaskActionsTests
{
    static readonly string[] States =
        [Ready, Running, Syncing, MigrateSuccess, SyncSuccess, MigrateFail, SyncFail, Aborting, Abort, Skipping, Deleting, Reseting];

    static string[] AllBut(params string[] excluded) => States.Except(excluded).ToArray();

    /// <summary>
    /// Per operation: the states that allow it and the state each moves to. Every other state is
    /// refused with the operation's code.
    /// </summary>
    static readonly (string Operation, string Refusal, Dictionary<string, string> Allowed)[] Rules =
    [
        ("stop", "SMS.1038", new() { [Ready] = Abort, [Running] = Aborting, [Syncing] = Aborting }),
        ("start", "SMS.1039", new() { [Ready] = Running, [Abort] = Running }),
        ("restart", "SMS.1040", new() { [MigrateFail] = Running, [SyncFail] = Running }),
        ("test", "SMS.9006", Staying(Syncing, MigrateSuccess, SyncSuccess)),
        ("clone_test", "SMS.9006", Staying(Syncing, MigrateSuccess, SyncSuccess)),
        ("cutover", "SMS.9006", new() { [Syncing] = SyncSuccess, [MigrateSuccess] = MigrateSuccess, [SyncSuccess] = SyncSuccess }),
        ("migration_test", "SMS.9006", Staying(Running, Syncing, MigrateSuccess, SyncSuccess)),
        ("skip", "SMS.9006", Staying(Running, Syncing)),
        ("network_check", "SMS.9006", Staying(AllBut(Deleting))),
        ("clear", "SMS.9006", Staying(AllBut(Running, Syncing, Aborting, Skipping))),
        ("error_for_overspeed", "SMS.9006", new() { [Running] = Abort, [Syncing] = Abort }),
    ];

    static Dictionary<string, string> Staying(params string[] states) => states.ToDictionary(s => s, s => s);

    public static TheoryData<string, string, string?, string?> Table
    {
        get
        {
            var data = new TheoryData<string, string, string?, string?>();
            foreach (var (operation, refusal, allowed) in Rules)
                foreach (var state in States)
                    data.Add(state, operation, allowed.GetValueOrDefault(state), allowed.ContainsKey(state) ? null : refusal);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void ApplyAllowsOrRefusesAsTheRuleTableSays(string state, string operation, string? after, string? refusal)
    {
        var outcome = TaskActions.Apply(state, operation, needMigrationTest: true);

        Assert.Equal(refusal, outcome.ErrorCode);
        Assert.Equal(refusal is null, outcome.Allowed);
        Assert.Equal(after, outcome.NewState);
    }

    [Fact]
    public void TheRuleTableCoversEveryOperation() =>
        Assert.Equal(TaskOperations.All.Order(StringComparer.Ordinal), Rules.Select(r => r.Operation).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData(Running, "migration_test", AgentCommands.PreMigrate)]
    [InlineData(Syncing, "migration_test", AgentCommands.PreMigrate)]
    [InlineData(MigrateSuccess, "migration_test", AgentCommands.PreMigrate)]
    [InlineData(Running, "skip", AgentCommands.Skip)]
    [InlineData(Syncing, "skip", AgentCommands.Skip)]
    [InlineData(Ready, "start", null)]
    [InlineData(Abort, "start", null)]
    [InlineData(Running, "stop", null)]
    [InlineData(MigrateFail, "restart", null)]
    [InlineData(MigrateSuccess, "test", null)]
    [InlineData(Syncing, "cutover", null)]
    [InlineData(Ready, "network_check", null)]
    [InlineData(Abort, "clear", null)]
    [InlineData(Running, "error_for_overspeed", null)]
    public void OnlyMigrationTestAndSkipSendTheAgentACommand(string state, string operation, string? command) =>
        Assert.Equal(command, TaskActions.Apply(state, operation, needMigrationTest: true).Command);

    [Theory]
    [InlineData(Running)]
    [InlineData(Syncing)]
    [InlineData(MigrateSuccess)]
    [InlineData(SyncSuccess)]
    public void AMigrationTestNeedsATaskCreatedForIt(string state) =>
        Assert.Equal("SMS.9006", TaskActions.Apply(state, "migration_test", needMigrationTest: false).ErrorCode);

    [Theory]
    [InlineData(Running)]
    [InlineData(Syncing)]
    public void AnOverSpeedStopRecordsSMS9010(string state)
    {
        var outcome = TaskActions.Apply(state, "error_for_overspeed", needMigrationTest: false);

        Assert.Equal(TaskActions.OverSpeedErrorJson, outcome.ErrorJson);
        Assert.Contains("SMS.9010", outcome.ErrorJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Ready, "stop")]
    [InlineData(Running, "start")]
    [InlineData(MigrateFail, "restart")]
    [InlineData(MigrateSuccess, "clear")]
    public void NoOtherActionRecordsAnError(string state, string operation) =>
        Assert.Null(TaskActions.Apply(state, operation, needMigrationTest: true).ErrorJson);

    [Theory]
    [InlineData("explode")]
    [InlineData("START")]
    [InlineData("")]
    public void AnUnknownOperationIsRefused(string operation) =>
        Assert.Equal("SMS.9006", TaskActions.Apply(Running, operation, needMigrationTest: true).ErrorCode);

    [Theory]
    [InlineData("SMS.1038")]
    [InlineData("SMS.1039")]
    [InlineData("SMS.1040")]
    [InlineData("SMS.9006")]
    public void ARefusalMessageNamesTheCurrentState(string code) =>
        Assert.Contains(MigrateFail, TaskActions.RefusalMessage(code, MigrateFail), StringComparison.Ordinal);
}
