using OpenSms.Core.Iam;
using static OpenSms.Core.Tests.Iam.IamTestKit;

namespace OpenSms.Core.Tests.Iam;

public sealed class ConditionKeyTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 26, 18, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string, bool> StandardKeyCases => new()
    {
        { "'StringEquals':{'g:UserId':'u-1'}", true },
        { "'StringEquals':{'g:UserId':'u-2'}", false },
        { "'StringEquals':{'g:UserName':'alice'}", true },
        { "'StringEquals':{'g:DomainName':'acme'}", true },
        { "'StringEquals':{'g:DomainName':'other'}", false },
        { "'StringEquals':{'g:EnterpriseProjectId':'ep-1'}", true },
        { "'StringEquals':{'g:EnterpriseProjectId':'0'}", false },
        { "'IpAddress':{'g:SourceIp':'10.0.0.0/8'}", true },
        { "'NotIpAddress':{'g:SourceIp':'10.0.0.0/8'}", false },
        // 18:00 at +08:00 is 10:00 UTC.
        { "'DateGreaterThan':{'g:CurrentTime':'2026-11-26T09:59:59Z'}", true },
        { "'DateLessThan':{'g:CurrentTime':'2026-11-26T10:00:00Z'}", false },
        { "'StringLike':{'g:CurrentTime':'2026-11-26T10:*'}", true },
        // A service key OpenSms does not supply is absent.
        { "'StringEquals':{'sms:TaskType':'MIGRATE_FILE'}", false },
        { "'Null':{'sms:TaskType':'true'}", true },
    };

    [Theory]
    [MemberData(nameof(StandardKeyCases))]
    public void TheStandardContextCarriesEveryGlobalKey(string block, bool allowed)
    {
        var context = ConditionKeys.Standard("u-1", "alice", "acme", "ep-1", "10.1.2.3", Now);
        var policy = Policy(Doc("5.0", Statement("Allow", "sms:server:getTask", null, "{" + block + "}")));
        var request = new AuthorizationRequest("sms:server:getTask") { Resource = Server1, Context = context };
        Assert.Equal(allowed, PolicyEvaluator.Evaluate(request, [policy]).Allowed);
    }

    [Fact]
    public void AbsentValuesAreLeftOutOfTheStandardContext()
    {
        var context = ConditionKeys.Standard("u-1", null, "", null, null, Now);
        Assert.Equal([ConditionKeys.CurrentTime, ConditionKeys.UserId], context.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["2026-11-26T10:00:00Z"], context[ConditionKeys.CurrentTime]);
    }

    [Fact]
    public void AServiceKeyPassedByTheServerIsUsableInConditions()
    {
        var policy = Policy(Doc("5.0", Statement("Allow", "sms:server:createTask", null, "{'StringEquals':{'sms:TaskType':'MIGRATE_FILE'}}")));
        var request = Request("sms:server:createTask", Server1, "SMS:TASKTYPE=MIGRATE_FILE");
        Assert.True(PolicyEvaluator.Evaluate(request, [policy]).Allowed);
    }
}
