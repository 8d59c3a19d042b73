using OpenSms.Core.Iam;
using static OpenSms.Core.Tests.Iam.IamTestKit;

namespace OpenSms.Core.Tests.Iam;

/// <summary>Each row: an Allow with one Condition block, the request's context, and whether it is allowed.</summary>
public sealed class ConditionOperatorTests
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        // StringEquals: case-sensitive values, case-insensitive keys, values ORed.
        { "'StringEquals':{'g:UserName':'alice'}", "g:UserName=alice", true },
        { "'StringEquals':{'g:UserName':'alice'}", "g:UserName=Alice", false },
        { "'StringEquals':{'g:UserName':['bob','alice']}", "g:UserName=alice", true },
        { "'StringEquals':{'g:UserName':'alice'}", "", false },
        { "'StringEquals':{'g:UserName':'alice'}", "g:username=alice", true },
        { "'StringEquals':{'G:USERNAME':'alice'}", "g:UserName=alice", true },
        { "'stringequals':{'g:UserName':'alice'}", "g:UserName=alice", true },
        // StringNotEquals: the value must match none of the policy's values.
        { "'StringNotEquals':{'g:UserName':'alice'}", "g:UserName=bob", true },
        { "'StringNotEquals':{'g:UserName':'alice'}", "g:UserName=alice", false },
        { "'StringNotEquals':{'g:UserName':['alice','bob']}", "g:UserName=bob", false },
        { "'StringNotEquals':{'g:UserName':'alice'}", "", false },
        { "'StringNotEqualsIfExists':{'g:UserName':'alice'}", "", true },
        // Case-insensitive variants.
        { "'StringEqualsIgnoreCase':{'g:UserName':'alice'}", "g:UserName=ALICE", true },
        { "'StringEqualsIgnoreCase':{'g:UserName':'alice'}", "g:UserName=alicia", false },
        { "'StringNotEqualsIgnoreCase':{'g:UserName':'alice'}", "g:UserName=ALICE", false },
        { "'StringNotEqualsIgnoreCase':{'g:UserName':'alice'}", "g:UserName=bob", true },
        // StringLike / StringNotLike: * and ? wildcards, case-sensitive.
        { "'StringLike':{'g:EnterpriseProjectId':'ep-*'}", "g:EnterpriseProjectId=ep-1", true },
        { "'StringLike':{'g:EnterpriseProjectId':'ep-?'}", "g:EnterpriseProjectId=ep-12", false },
        { "'StringLike':{'g:EnterpriseProjectId':'ep-??'}", "g:EnterpriseProjectId=ep-12", true },
        { "'StringLike':{'g:EnterpriseProjectId':'EP-*'}", "g:EnterpriseProjectId=ep-1", false },
        { "'StringNotLike':{'g:EnterpriseProjectId':'ep-*'}", "g:EnterpriseProjectId=ep-1", false },
        { "'StringNotLike':{'g:EnterpriseProjectId':'ep-*'}", "g:EnterpriseProjectId=prod", true },
        // Bool: JSON booleans or strings, compared as booleans.
        { "'Bool':{'sms:NeedMigrationTest':'true'}", "sms:NeedMigrationTest=true", true },
        { "'Bool':{'sms:NeedMigrationTest':true}", "sms:NeedMigrationTest=false", false },
        { "'Bool':{'sms:NeedMigrationTest':'false'}", "sms:NeedMigrationTest=FALSE", true },
        { "'Bool':{'sms:NeedMigrationTest':'true'}", "sms:NeedMigrationTest=yes", false },
        // Null checks presence: "true" means absent (an empty value list counts as absent).
        { "'Null':{'g:EnterpriseProjectId':'true'}", "", true },
        { "'Null':{'g:EnterpriseProjectId':'true'}", "g:EnterpriseProjectId=ep-1", false },
        { "'Null':{'g:EnterpriseProjectId':false}", "g:EnterpriseProjectId=ep-1", true },
        { "'Null':{'g:EnterpriseProjectId':'false'}", "", false },
        { "'Null':{'g:EnterpriseProjectId':'true'}", "g:EnterpriseProjectId=", true },
        // Numbers: numeric comparison, JSON numbers or strings, unparsable request values never match.
        { "'NumberEquals':{'sms:Size':10}", "sms:Size=10.0", true },
        { "'NumberEquals':{'sms:Size':'10'}", "sms:Size=11", false },
        { "'NumberNotEquals':{'sms:Size':10}", "sms:Size=11", true },
        { "'NumberNotEquals':{'sms:Size':10}", "sms:Size=10", false },
        { "'NumberLessThan':{'sms:Size':100}", "sms:Size=99.5", true },
        { "'NumberLessThan':{'sms:Size':100}", "sms:Size=100", false },
        { "'NumberLessThanEquals':{'sms:Size':100}", "sms:Size=100", true },
        { "'NumberGreaterThan':{'sms:Size':100}", "sms:Size=100", false },
        { "'NumberGreaterThan':{'sms:Size':100}", "sms:Size=1e3", true },
        { "'NumberGreaterThanEquals':{'sms:Size':100}", "sms:Size=100", true },
        { "'NumberGreaterThanEquals':{'sms:Size':100}", "sms:Size=abc", false },
        { "'NumberLessThan':{'sms:Size':[10,20]}", "sms:Size=15", true },
        // Dates: ISO-8601 with or without offset (UTC assumed), or epoch seconds.
        { "'DateLessThan':{'g:CurrentTime':'2026-12-01T00:00:00Z'}", "g:CurrentTime=2026-11-30T23:59:59Z", true },
        { "'DateLessThan':{'g:CurrentTime':'2026-12-01T00:00:00Z'}", "g:CurrentTime=2026-12-01T00:00:00Z", false },
        { "'DateLessThanEquals':{'g:CurrentTime':'2026-12-01T00:00:00Z'}", "g:CurrentTime=2026-12-01T00:00:00Z", true },
        { "'DateGreaterThan':{'g:CurrentTime':'2026-01-01T00:00:00+08:00'}", "g:CurrentTime=2025-12-31T16:00:01Z", true },
        { "'DateGreaterThanEquals':{'g:CurrentTime':'2026-01-01'}", "g:CurrentTime=2025-12-31T23:00:00Z", false },
        { "'DateGreaterThan':{'g:CurrentTime':'1767225600'}", "g:CurrentTime=2026-01-01T00:00:01Z", true },
        { "'DateEquals':{'g:CurrentTime':'2026-01-01T08:00:00+08:00'}", "g:CurrentTime=2026-01-01T00:00:00Z", true },
        { "'DateNotEquals':{'g:CurrentTime':'2026-01-01T08:00:00+08:00'}", "g:CurrentTime=2026-01-01T00:00:00Z", false },
        { "'DateLessThan':{'g:CurrentTime':'2026-12-01T00:00:00Z'}", "g:CurrentTime=yesterday", false },
        // IpAddress: CIDR or single address, IPv4 and IPv6.
        { "'IpAddress':{'g:SourceIp':'10.0.0.0/8'}", "g:SourceIp=10.1.2.3", true },
        { "'IpAddress':{'g:SourceIp':'10.0.0.0/8'}", "g:SourceIp=11.0.0.1", false },
        { "'IpAddress':{'g:SourceIp':'192.168.1.10'}", "g:SourceIp=192.168.1.10", true },
        { "'IpAddress':{'g:SourceIp':'192.168.1.10'}", "g:SourceIp=192.168.1.11", false },
        { "'IpAddress':{'g:SourceIp':'2001:db8::/32'}", "g:SourceIp=2001:db8:1::5", true },
        { "'IpAddress':{'g:SourceIp':'2001:db8::/32'}", "g:SourceIp=2001:db9::1", false },
        { "'IpAddress':{'g:SourceIp':'10.0.0.0/8'}", "g:SourceIp=::ffff:10.0.0.7", true },
        { "'IpAddress':{'g:SourceIp':'10.0.0.0/8'}", "g:SourceIp=2001:db8::1", false },
        { "'IpAddress':{'g:SourceIp':['10.0.0.0/8','172.16.0.0/12']}", "g:SourceIp=172.20.1.1", true },
        { "'IpAddress':{'g:SourceIp':'10.1.2.3/8'}", "g:SourceIp=10.200.0.1", true },
        { "'IpAddress':{'g:SourceIp':'0.0.0.0/0'}", "g:SourceIp=8.8.8.8", true },
        { "'IpAddress':{'g:SourceIp':'10.0.0.0/8'}", "g:SourceIp=not-an-ip", false },
        { "'NotIpAddress':{'g:SourceIp':'10.0.0.0/8'}", "g:SourceIp=8.8.8.8", true },
        { "'NotIpAddress':{'g:SourceIp':'10.0.0.0/8'}", "g:SourceIp=10.0.0.1", false },
        { "'NotIpAddressIfExists':{'g:SourceIp':'10.0.0.0/8'}", "", true },
        { "'NotIpAddress':{'g:SourceIp':'10.0.0.0/8'}", "", false },
        // ForAnyValue: at least one request value satisfies the operator; a missing key never does.
        { "'ForAnyValue:StringEquals':{'sms:Tag':['a','b']}", "sms:Tag=c|b", true },
        { "'ForAnyValue:StringEquals':{'sms:Tag':['a','b']}", "sms:Tag=c|d", false },
        { "'ForAnyValue:StringEquals':{'sms:Tag':['a','b']}", "", false },
        { "'ForAnyValue:StringNotEquals':{'sms:Tag':'a'}", "sms:Tag=a|b", true },
        { "'ForAnyValue:StringNotEquals':{'sms:Tag':'a'}", "sms:Tag=a", false },
        { "'ForAnyValue:StringEqualsIfExists':{'sms:Tag':'a'}", "", true },
        // ForAllValues: every request value satisfies it; an absent or empty key does vacuously.
        { "'ForAllValues:StringEquals':{'sms:Tag':['a','b']}", "sms:Tag=a|b", true },
        { "'ForAllValues:StringEquals':{'sms:Tag':['a','b']}", "sms:Tag=a|c", false },
        { "'ForAllValues:StringEquals':{'sms:Tag':['a','b']}", "", true },
        { "'ForAllValues:StringEquals':{'sms:Tag':['a','b']}", "sms:Tag=", true },
        { "'ForAllValues:StringNotEquals':{'sms:Tag':'a'}", "sms:Tag=b|c", true },
        { "'ForAllValues:StringNotEquals':{'sms:Tag':'a'}", "sms:Tag=b|a", false },
        { "'ForAllValues:StringLike':{'sms:Tag':'ep-*'}", "sms:Tag=ep-1|ep-2", true },
        { "'ForAllValues:NumberLessThan':{'sms:Size':10}", "sms:Size=1|2|30", false },
        // Without a prefix a multi-valued key matches when any value does (negated: when none does).
        { "'StringEquals':{'sms:Tag':'b'}", "sms:Tag=a|b", true },
        { "'StringNotEquals':{'sms:Tag':'b'}", "sms:Tag=a|b", false },
        // IfExists: an absent key makes the condition true, a present one is tested as usual.
        { "'StringEqualsIfExists':{'g:EnterpriseProjectId':'ep-1'}", "g:EnterpriseProjectId=ep-1", true },
        { "'StringEqualsIfExists':{'g:EnterpriseProjectId':'ep-1'}", "g:EnterpriseProjectId=ep-2", false },
        { "'StringEqualsIfExists':{'g:EnterpriseProjectId':'ep-1'}", "", true },
        { "'NumberLessThanIfExists':{'sms:Size':10}", "", true },
        // Keys within an operator and operators within a block are ANDed.
        { "'StringEquals':{'g:UserName':'alice','g:DomainName':'acme'}", "g:UserName=alice;g:DomainName=acme", true },
        { "'StringEquals':{'g:UserName':'alice','g:DomainName':'acme'}", "g:UserName=alice;g:DomainName=other", false },
        { "'StringEquals':{'g:UserName':'alice'},'IpAddress':{'g:SourceIp':'10.0.0.0/8'}", "g:UserName=alice;g:SourceIp=11.0.0.1", false },
        { "'StringEquals':{'g:UserName':'alice'},'IpAddress':{'g:SourceIp':'10.0.0.0/8'}", "g:UserName=alice;g:SourceIp=10.0.0.1", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AConditionBlockAllowsOnlyWhenItHolds(string block, string context, bool allowed)
    {
        var policy = Policy(Doc("5.0", Statement("Allow", "sms:server:getTask", null, "{" + block + "}")));
        var decision = PolicyEvaluator.Evaluate(Request("sms:server:getTask", Server1, context), [policy]);
        Assert.Equal(allowed, decision.Allowed);
    }

    [Theory]
    [InlineData("g:UserName=alice", false)]
    [InlineData("g:UserName=bob", true)]
    [InlineData("", false)]
    public void ADenyWithAConditionAppliesOnlyWhenTheConditionHolds(string context, bool allowed)
    {
        var policy = Policy(Doc("5.0",
            Statement("Allow", "sms:*:*"),
            Statement("Deny", "sms:server:getTask", null, "{'StringEqualsIfExists':{'g:UserName':'alice'}}")));
        Assert.Equal(allowed, PolicyEvaluator.Evaluate(Request("sms:server:getTask", Server1, context), [policy]).Allowed);
    }
}
