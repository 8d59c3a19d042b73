using System.Text.RegularExpressions;
using OpenSms.Core.Iam;
using static OpenSms.Core.Tests.Iam.IamTestKit;

namespace OpenSms.Core.Tests.Iam;

/// <summary>The policies shown in docs/iam.md parse and do what the text beside them says.</summary>
public sealed partial class DocumentedPolicyTests
{
    [GeneratedRegex("```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    static List<string> Blocks() =>
        JsonBlock().Matches(RepoFiles.Read("docs/iam.md")).Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public void EveryJsonBlockInTheDocsIsAValidPolicy()
    {
        var blocks = Blocks();
        Assert.Equal(6, blocks.Count);
        Assert.All(blocks, b => Assert.Null(PolicyParser.Parse(b).Errors?.Message));
    }

    [Theory]
    // 1: progress only in ep-1.
    [InlineData(1, "sms:server:updateTaskProgress", "g:EnterpriseProjectId=ep-1", true)]
    [InlineData(1, "sms:server:updateTaskProgress", "g:EnterpriseProjectId=ep-2", false)]
    [InlineData(1, "sms:server:updateTaskProgress", "", false)]
    [InlineData(1, "sms:server:getTask", "g:EnterpriseProjectId=ep-1", false)]
    // 2: everything but deleting.
    [InlineData(2, "sms:server:getTask", "", true)]
    [InlineData(2, "sms:server:deleteTask", "", false)]
    [InlineData(2, "sms:server:delete", "", false)]
    [InlineData(2, "sms:template:batchDelete", "", false)]
    // 3: read-only from the office.
    [InlineData(3, "sms:server:getTask", "g:SourceIp=203.0.113.9", true)]
    [InlineData(3, "sms:server:listTask", "g:SourceIp=2001:db8::7", true)]
    [InlineData(3, "sms:server:getTask", "g:SourceIp=198.51.100.1", false)]
    [InlineData(3, "sms:server:updateTask", "g:SourceIp=203.0.113.9", false)]
    // 4: a Deny outside ep-1 (alone it allows nothing; with an Allow it fences it).
    [InlineData(4, "sms:server:getTask", "g:EnterpriseProjectId=ep-1", false)]
    // 5: the agent's 1.1 grant, through aliases, until 2027.
    [InlineData(5, "sms:server:updateTaskProgress", "g:CurrentTime=2026-12-31T23:59:59Z", true)]
    [InlineData(5, "sms:server:updateTaskProgress", "g:CurrentTime=2027-01-01T00:00:00Z", false)]
    public void TheDocumentedExamplesBehaveAsDescribed(int block, string action, string context, bool allowed)
    {
        var policy = new Policy("doc", "doc", PolicyParser.Parse(Blocks()[block]).Value!);
        var entry = ActionCatalogue.All.First(e => e.Action == action);
        var resource = entry.Scope == ResourceScope.Account ? null : Server1;
        Assert.Equal(allowed, PolicyEvaluator.Evaluate(entry.ToRequest(resource, Context(context)), [policy]).Allowed);
    }

    [Theory]
    [InlineData("g:EnterpriseProjectId=ep-1", true)]
    [InlineData("g:EnterpriseProjectId=ep-2", false)]
    [InlineData("", false)]
    public void TheEnterpriseProjectFenceDeniesOutsideEp1EvenWithABroadAllow(string context, bool allowed)
    {
        var fence = new Policy("fence", "fence", PolicyParser.Parse(Blocks()[4]).Value!);
        var broad = Policy(Doc("5.0", Statement("Allow", "sms:*:*")), "broad");
        var request = Request("sms:server:getTask", Server1, context, ActionCatalogue.QueryServer);
        Assert.Equal(allowed, PolicyEvaluator.Evaluate(request, [broad, fence]).Allowed);
    }
}
