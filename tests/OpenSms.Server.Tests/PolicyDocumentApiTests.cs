using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>A malformed policy document is a 400 SMS.9001 naming every faulty statement field, under policy_document.</summary>
public sealed class PolicyDocumentApiTests(IamHost host) : IClassFixture<IamHost>
{
    public static TheoryData<string, string> Malformed => new()
    {
        { "{'Version':'5.0','Statement':[{'Effect':'allow','Action':'sms:*:*'}]}", "policy_document.Statement[0].Effect" },
        { "{'Version':'5.0','Statement':[{'Action':'sms:*:*'}]}", "policy_document.Statement[0].Effect" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'*'}]}", "policy_document.Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow'}]}", "policy_document.Statement[0].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*','Resource':'server-1'}]}", "policy_document.Statement[0].Resource" },
        { "{'Version':'1.1','Statement':[{'Effect':'Allow','Action':'sms:*:*','Resource':'*'}]}", "policy_document.Statement[0].Resource" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*','Condition':{'StringEqualz':{'g:UserId':'u'}}}]}",
            "policy_document.Statement[0].Condition.StringEqualz" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*','Resouce':'*'}]}", "policy_document.Statement[0].Resouce" },
        { "{'Version':'2.0','Statement':[{'Effect':'Allow','Action':'sms:*:*'}]}", "policy_document.Version" },
        { "{'Version':'5.0','Statement':[]}", "policy_document.Statement" },
        { "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*'},{'Effect':'Deny','Action':'nope'}]}",
            "policy_document.Statement[1].Action" },
        { "{'Version':'5.0','Statement':[{'Effect':'Maybe','Action':'sms'}]}", "policy_document.Statement[0].Effect,policy_document.Statement[0].Action" },
        { "not json", "policy_document" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task AMalformedDocumentIsA400NamingTheStatementAndField(string singleQuotedDocument, string fields)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Admin.CreatePolicyAsync(IamApi.Json(singleQuotedDocument), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(fields.Split(','), error.ErrorParams());
        foreach (var field in fields.Split(','))
            Assert.Contains(field, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedDocumentIsNotStored()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = IamHost.UniqueName("broken");

        (await host.Admin.CreatePolicyAsync(IamApi.Json("{'Version':'5.0','Statement':[{'Effect':'allow','Action':'sms:*:*'}]}"), ct, name)).Dispose();

        var list = await host.Admin.GetJsonAsync("/v5/policies", ct);
        Assert.DoesNotContain(list["policies"]!.AsArray(), p => p!["policy_name"]!.GetValue<string>() == name);
    }
}
