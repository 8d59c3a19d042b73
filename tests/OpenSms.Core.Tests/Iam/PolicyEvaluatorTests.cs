using OpenSms.Core.Iam;
using static OpenSms.Core.Tests.Iam.IamTestKit;

namespace OpenSms.Core.Tests.Iam;

public sealed class PolicyEvaluatorTests
{
    const string Progress = "sms:server:updateTaskProgress";
    const string Migration = "sms:server:migrationServer";

    public static TheoryData<string, string, string?, DecisionReason> ActionAndResourceCases => new()
    {
        // Actions: exact, wildcard, case-insensitive.
        { Doc("5.0", Statement("Allow", Progress)), Progress, Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "sms:server:getTask")), Progress, Server1, DecisionReason.NoAllow },
        { Doc("5.0", Statement("Allow", "sms:*:*")), Progress, Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "*:*:*")), Progress, Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "sms:server:*")), Progress, Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "sms:template:*")), Progress, Server1, DecisionReason.NoAllow },
        { Doc("5.0", Statement("Allow", "sms:*:get*")), "sms:server:getTask", Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "sms:*:get*")), Progress, Server1, DecisionReason.NoAllow },
        { Doc("5.0", Statement("Allow", "sms:server:update*")), Progress, Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "sms:server:getTas?")), "sms:server:getTask", Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "SMS:SERVER:UPDATETASKPROGRESS")), Progress, Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "ecs:*:*")), Progress, Server1, DecisionReason.NoAllow },
        { Doc("5.0", Statement("Allow", "sms:server:getTask,sms:server:updateTaskProgress")), Progress, Server1, DecisionReason.Allowed },
        // A pattern must match the whole action, not a prefix of it.
        { Doc("5.0", Statement("Allow", "sms:server:update")), Progress, Server1, DecisionReason.NoAllow },
        // Resources (5.0): exact, wildcards in any segment, "*" alone, lists.
        { Doc("5.0", Statement("Allow", Progress, Server1)), Progress, Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", Progress, Server1)), Progress, Server2, DecisionReason.NoAllow },
        { Doc("5.0", Statement("Allow", Progress, "*")), Progress, Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", Progress, "sms:*:*:server:*")), Progress, Server1, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", Progress, "sms:*:acc1:server:*")), Progress, OtherAccountServer, DecisionReason.NoAllow },
        { Doc("5.0", Statement("Allow", Progress, "sms:cn-north-4:acc1:server:s-*")), Progress, Server2, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", Progress, "sms:ap-southeast-1:*:server:*")), Progress, Server1, DecisionReason.NoAllow },
        { Doc("5.0", Statement("Allow", Progress, "sms:*:*:template:*")), Progress, Server1, DecisionReason.NoAllow },
        { Doc("5.0", Statement("Allow", Progress, $"{Server2},{Server1}")), Progress, Server1, DecisionReason.Allowed },
        // Resource ids compare case-sensitively, like URNs in IAM.
        { Doc("5.0", Statement("Allow", Progress, "sms:cn-north-4:acc1:server:S-1")), Progress, Server1, DecisionReason.NoAllow },
        // Account-level requests (no resource) are covered by "*" or by a statement without Resource only.
        { Doc("5.0", Statement("Allow", "sms:server:listTask")), "sms:server:listTask", null, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "sms:server:listTask", "*")), "sms:server:listTask", null, DecisionReason.Allowed },
        { Doc("5.0", Statement("Allow", "sms:server:listTask", "sms:*:*:server:*")), "sms:server:listTask", null, DecisionReason.NoAllow },
        // Role/policy-based (1.1) statements have no Resource and cover every resource.
        { Doc("1.1", Statement("Allow", Progress)), Progress, Server1, DecisionReason.Allowed },
        { Doc("1.1", Statement("Allow", Progress)), Progress, null, DecisionReason.Allowed },
        { Doc("1.1", Statement("Deny", Progress), Statement("Allow", "sms:*:*")), Progress, Server2, DecisionReason.ExplicitDeny },
        // Nothing allowed at all.
        { Doc("5.0", Statement("Deny", "sms:server:deleteTask")), Progress, Server1, DecisionReason.NoAllow },
    };

    [Theory]
    [MemberData(nameof(ActionAndResourceCases))]
    public void ActionsAndResourcesMatchByPatternAndVersion(string policy, string action, string? resource, DecisionReason reason)
    {
        var decision = PolicyEvaluator.Evaluate(Request(action, resource), [Policy(policy)]);
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(reason == DecisionReason.Allowed, decision.Allowed);
    }

    public static TheoryData<string, string, DecisionReason, string?> PrecedenceCases => new()
    {
        // An explicit Deny wins whatever order or policy the Allow is in.
        { Doc("5.0", Statement("Allow", "sms:*:*"), Statement("Deny", Progress)), "", DecisionReason.ExplicitDeny, "p1#1" },
        { Doc("5.0", Statement("Deny", Progress), Statement("Allow", "sms:*:*")), "", DecisionReason.ExplicitDeny, "p1#0" },
        { Doc("5.0", Statement("Allow", Progress)) + "|||" + Doc("5.0", Statement("Deny", "sms:server:*")), "", DecisionReason.ExplicitDeny, "p2#0" },
        { Doc("5.0", Statement("Deny", "sms:server:*")) + "|||" + Doc("1.1", Statement("Allow", Progress)), "", DecisionReason.ExplicitDeny, "p1#0" },
        { Doc("1.1", Statement("Deny", Progress)) + "|||" + Doc("5.0", Statement("Allow", Progress, Server1)), "", DecisionReason.ExplicitDeny, "p1#0" },
        // A Deny scoped to another resource or another action does not apply.
        { Doc("5.0", Statement("Allow", "sms:*:*"), Statement("Deny", Progress, Server2)), "", DecisionReason.Allowed, "p1#0" },
        { Doc("5.0", Statement("Allow", "sms:*:*"), Statement("Deny", "sms:server:delete*")), "", DecisionReason.Allowed, "p1#0" },
        // The first applicable Allow is the one reported.
        { Doc("5.0", Statement("Allow", "sms:server:getTask"), Statement("Allow", "sms:server:*"), Statement("Allow", Progress)), "", DecisionReason.Allowed, "p1#1" },
        { Doc("5.0", Statement("Allow", "ecs:*:*")) + "|||" + Doc("5.0", Statement("Allow", Progress)), "", DecisionReason.Allowed, "p2#0" },
        // Aliases: an Allow on the alias grants, a Deny on the alias refuses.
        { Doc("1.1", Statement("Allow", Migration)), Migration, DecisionReason.Allowed, "p1#0" },
        { Doc("5.0", Statement("Allow", Migration)), Migration, DecisionReason.Allowed, "p1#0" },
        { Doc("1.1", Statement("Allow", Migration)), "", DecisionReason.NoAllow, null },
        { Doc("5.0", Statement("Allow", Progress), Statement("Deny", Migration)), Migration, DecisionReason.ExplicitDeny, "p1#1" },
        { Doc("1.1", Statement("Allow", "sms:server:migration*")), Migration, DecisionReason.Allowed, "p1#0" },
        { Doc("1.1", Statement("Allow", "sms:server:queryServer")), Migration, DecisionReason.NoAllow, null },
        { Doc("5.0", Statement("Deny", Migration)), "", DecisionReason.NoAllow, null },
        // A Deny whose condition fails does not apply; the Allow then stands.
        { Doc("5.0", Statement("Allow", Progress), Statement("Deny", Progress, null, "{'StringEquals':{'g:UserName':'mallory'}}")), "", DecisionReason.Allowed, "p1#0" },
    };

    [Theory]
    [MemberData(nameof(PrecedenceCases))]
    public void ExplicitDenyWinsAndAliasesCountAsTheAction(string policies, string aliases, DecisionReason reason, string? statement)
    {
        var request = Request(Progress, Server1, "g:UserName=alice", aliases);
        var decision = PolicyEvaluator.Evaluate(request, Policies(policies));
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(statement, decision.Statement is { } s ? $"{s.PolicyId}#{s.StatementIndex}" : null);
    }

    public static TheoryData<string> PoliciesTheAdminIgnores => new()
    {
        "",
        Doc("5.0", Statement("Deny", "*:*:*")),
        Doc("1.1", Statement("Deny", Progress)),
        Doc("5.0", Statement("Allow", "sms:server:getTask")),
    };

    [Theory]
    [MemberData(nameof(PoliciesTheAdminIgnores))]
    public void TheAccountAdministratorIsAllowedWhateverThePolicies(string policies)
    {
        var request = Request(Progress, Server1) with { IsAccountAdmin = true };
        var decision = PolicyEvaluator.Evaluate(request, policies.Length == 0 ? [] : Policies(policies));
        Assert.Equal(Decision.AccountAdmin, decision);
        Assert.True(decision.Allowed);
    }

    [Fact]
    public void NoPoliciesMeansImplicitDeny()
    {
        var decision = PolicyEvaluator.Evaluate(Request(Progress, Server1), []);
        Assert.Equal(Decision.NoAllow, decision);
        Assert.False(decision.Allowed);
    }

    [Fact]
    public void ADenyDecisionQuotesThePolicyAndStatementAsWritten()
    {
        var deny = "{\"Effect\": \"Deny\", \"Action\": [\"sms:server:deleteTask\"]}";
        var document = $"{{\"Version\": \"5.0\", \"Statement\": [{{\"Effect\":\"Allow\",\"Action\":\"sms:*:*\"}}, {deny}]}}";
        var policy = new Policy("pol-9", "no-delete", PolicyParser.Parse(document).Value!);

        var decision = PolicyEvaluator.Evaluate(Request("sms:server:deleteTask", Server1), [policy]);

        Assert.Equal(new MatchedStatement("pol-9", "no-delete", 1, deny), decision.Statement);
        Assert.False(decision.Allowed);
    }
}
