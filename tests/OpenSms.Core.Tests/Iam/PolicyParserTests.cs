using OpenSms.Core.Iam;
using static OpenSms.Core.Tests.Iam.IamTestKit;

namespace OpenSms.Core.Tests.Iam;

public sealed class PolicyParserTests
{
    const string Ok = "{'Effect':'Allow','Action':'sms:server:getTask'}";

    public static TheoryData<string, string> MalformedDocuments => new()
    {
        // The document as a whole.
        { "", "policy_document" },
        { "   ", "policy_document" },
        { "not json", "policy_document" },
        { "{'Version':'5.0',", "policy_document" },
        { "[1,2]", "policy_document" },
        { "{'Version':'5.0','Statement':[" + Ok + "],}", "policy_document" },
        // Version.
        { "{'Statement':[" + Ok + "]}", "Version" },
        { "{'Version':'2.0','Statement':[" + Ok + "]}", "Version" },
        { "{'Version':5.0,'Statement':[" + Ok + "]}", "Version" },
        // Statement.
        { "{'Version':'5.0'}", "Statement" },
        { "{'Version':'5.0','Statement':" + Ok + "}", "Statement" },
        { "{'Version':'5.0','Statement':[]}", "Statement" },
        { "{'Version':'5.0','Statement':['Allow']}", "Statement[0]" },
        // Unknown and repeated fields are refused rather than ignored.
        { "{'Version':'5.0','Statement':[" + Ok + "],'Id':'x'}", "Id" },
        { "{'Version':'5.0','Version':'5.0','Statement':[" + Ok + "]}", "Version" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Resouce':'*'}]}", "Statement[0].Resouce" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','NotAction':'sms:server:getTask'}]}", "Statement[0].NotAction" },
        { "{'Version':'5.0','Statement':[{'Sid':1,'Effect':'Allow','Action':'sms:server:getTask'}]}", "Statement[0].Sid" },
        // Effect.
        { "{'Version':'5.0','Statement':[{'Action':'sms:server:getTask'}]}", "Statement[0].Effect" },
        { "{'Version':'5.0','Statement':[{'Effect':'allow','Action':'sms:server:getTask'}]}", "Statement[0].Effect" },
        { "{'Version':'5.0','Statement':[{'Effect':true,'Action':'sms:server:getTask'}]}", "Statement[0].Effect" },
        // Action: present, a string or array of strings, each service:resource:action.
        { "{'Version':'5.0','Statement':[{'Effect':'Allow'}]}", "Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':[]}]}", "Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':''}]}", "Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':42}]}", "Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':['sms:server:getTask',7]}]}", "Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:getTask'}]}", "Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'*'}]}", "Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:get Task'}]}", "Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms::getTask'}]}", "Statement[0].Action" },
        // Resource: refused in 1.1; in 5.0 "*" or five-segment URNs.
        { "{'Version':'1.1','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Resource':'*'}]}", "Statement[0].Resource" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Resource':'sms:server:s-1'}]}", "Statement[0].Resource" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Resource':[]}]}", "Statement[0].Resource" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Resource':{'a':1}}]}", "Statement[0].Resource" },
        // Condition: known operators, well-formed keys, values of the operator's type.
        { "{'Version':'5.0','Statement':[" + Ok + ",{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'StringEqualz':{'g:UserId':'u'}}}]}", "Statement[1].Condition.StringEqualz" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':[]}]}", "Statement[0].Condition" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'StringEquals':'g:UserId'}}]}", "Statement[0].Condition.StringEquals" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'StringEquals':{}}}]}", "Statement[0].Condition.StringEquals" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'StringEquals':{'UserId':'u'}}}]}", "Statement[0].Condition.StringEquals.UserId" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'StringEquals':{'g:UserId':[]}}}]}", "Statement[0].Condition.StringEquals.g:UserId" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'StringEquals':{'g:UserId':{'a':'b'}}}}]}", "Statement[0].Condition.StringEquals.g:UserId" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'StringEquals':{'g:UserId':null}}}]}", "Statement[0].Condition.StringEquals.g:UserId" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'NumberLessThan':{'sms:Size':'ten'}}}]}", "Statement[0].Condition.NumberLessThan.sms:Size" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'DateLessThan':{'g:CurrentTime':'tomorrow'}}}]}", "Statement[0].Condition.DateLessThan.g:CurrentTime" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'IpAddress':{'g:SourceIp':'10.0.0.0/33'}}}]}", "Statement[0].Condition.IpAddress.g:SourceIp" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'IpAddress':{'g:SourceIp':'10.0.0'}}}]}", "Statement[0].Condition.IpAddress.g:SourceIp" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'Bool':{'sms:Flag':'yes'}}}]}", "Statement[0].Condition.Bool.sms:Flag" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'Null':{'g:UserId':'maybe'}}}]}", "Statement[0].Condition.Null.g:UserId" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'Null':{'g:UserId':['true','false']}}}]}", "Statement[0].Condition.Null.g:UserId" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'NullIfExists':{'g:UserId':'true'}}}]}", "Statement[0].Condition.NullIfExists" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'ForAnyValue:Null':{'g:UserId':'true'}}}]}", "Statement[0].Condition.ForAnyValue:Null" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'ForSomeValues:StringEquals':{'g:UserId':'u'}}}]}", "Statement[0].Condition.ForSomeValues:StringEquals" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'StringEquals':{'g:UserId':'u','G:USERID':'v'}}}]}", "Statement[0].Condition.StringEquals.G:USERID" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:getTask','Condition':{'Bool':{'sms:A':true},'bool':{'sms:B':true}}}]}", "Statement[0].Condition.bool" },
    };

    [Theory]
    [MemberData(nameof(MalformedDocuments))]
    public void AMalformedDocumentIsRefusedNamingTheField(string singleQuotedJson, string field)
    {
        var result = PolicyParser.Parse(Json(singleQuotedJson));
        Assert.Null(result.Value);
        Assert.NotNull(result.Errors);
        Assert.Contains(field, result.Errors.Fields);
    }

    [Fact]
    public void EveryFaultIsReportedNotJustTheFirst()
    {
        var json = Json("{'Version':'5.0','Statement':[{'Effect':'Maybe','Action':'x'},{'Effect':'Allow','Action':'sms:a:b','Condition':{'Nope':{}}}]}");
        var errors = PolicyParser.Parse(json).Errors!;
        Assert.Equal(["Statement[0].Effect", "Statement[0].Action", "Statement[1].Condition.Nope"], errors.Fields);
    }

    [Fact]
    public void AnUnknownOperatorIsNamedInTheMessage()
    {
        var json = Json("{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:a:b','Condition':{'StringEqualz':{'g:UserId':'u'}}}]}");
        Assert.Equal("Statement[0].Condition.StringEqualz is not a known condition operator", PolicyParser.Parse(json).Errors!.Message);
    }

    [Fact]
    public void MoreThanAHundredStatementsAreRefused()
    {
        var statements = string.Join(",", Enumerable.Repeat("{\"Effect\":\"Allow\",\"Action\":\"a:b:c\"}", PolicyParser.MaxStatements + 1));
        var errors = PolicyParser.Parse($"{{\"Version\":\"5.0\",\"Statement\":[{statements}]}}").Errors!;
        Assert.Equal(["Statement"], errors.Fields);
    }

    [Fact]
    public void TheSizeLimitIgnoresWhitespace()
    {
        var action = "sms:server:" + new string('a', 40);
        var statement = $"{{\"Effect\":\"Allow\",\"Action\":\"{action}\"}}";
        var count = PolicyParser.MaxDocumentLength / statement.Length;
        var indented = string.Join(",\n        ", Enumerable.Repeat(statement, Math.Min(count - 1, PolicyParser.MaxStatements)));
        Assert.NotNull(PolicyParser.Parse($"{{\n  \"Version\": \"5.0\",\n  \"Statement\": [\n        {indented}\n  ]\n}}").Value);

        var tooLong = $"{{\"Version\":\"5.0\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":\"sms:server:{new string('a', PolicyParser.MaxDocumentLength)}\"}}]}}";
        Assert.Equal(["policy_document"], PolicyParser.Parse(tooLong).Errors!.Fields);
    }

    [Fact]
    public void AValidIdentityPolicyKeepsEveryPart()
    {
        var json = Json("""
            {'Version':'5.0','Statement':[
              {'Sid':'progress','Effect':'Allow','Action':['sms:server:updateTaskProgress','sms:server:getTask'],
               'Resource':'sms:*:*:server:*',
               'Condition':{'ForAnyValue:StringEqualsIgnoreCaseIfExists':{'g:EnterpriseProjectId':['ep-1',2,true]}}},
              {'Effect':'Deny','Action':'sms:server:delete*'}]}
            """);

        var document = PolicyParser.Parse(json).Value!;

        Assert.Equal(PolicyVersion.Identity, document.Version);
        Assert.Equal(2, document.Statements.Count);
        var first = document.Statements[0];
        Assert.Equal(Effect.Allow, first.Effect);
        Assert.Equal(["sms:server:updateTaskProgress", "sms:server:getTask"], first.Actions);
        Assert.Equal(["sms:*:*:server:*"], first.Resources);
        var condition = Assert.Single(first.Conditions);
        Assert.Equal(
            new Condition("ForAnyValue:StringEqualsIgnoreCaseIfExists", ConditionOperator.StringEqualsIgnoreCase,
                KeySetQualifier.ForAnyValue, true, "g:EnterpriseProjectId", condition.Values),
            condition);
        Assert.Equal(["ep-1", "2", "true"], condition.Values);
        Assert.StartsWith("{'Sid':'progress'".Replace('\'', '"'), first.Json, StringComparison.Ordinal);
        Assert.Equal(1, document.Statements[1].Index);
        Assert.Null(document.Statements[1].Resources);
    }

    [Fact]
    public void ARoleBasedPolicyParsesWithoutResource()
    {
        var document = PolicyParser.Parse(Json(Doc("1.1", Statement("Allow", "sms:server:migrationServer,sms:server:queryServer")))).Value!;
        Assert.Equal(PolicyVersion.RoleBased, document.Version);
        Assert.Null(document.Statements[0].Resources);
    }
}
