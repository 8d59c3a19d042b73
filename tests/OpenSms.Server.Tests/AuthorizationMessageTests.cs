using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>POST /v5/authorization-messages/decode turns a 403's encoded message back into its evaluation context.</summary>
public sealed class AuthorizationMessageTests(IamHost host) : IClassFixture<IamHost>
{
    const string Report = "sms:server:updateTaskProgress";

    /// <summary>A user's denied progress report: the encoded message, the user and the task's source.</summary>
    async Task<(string Encoded, TestUser User, string SourceId)> DeniedReportAsync(CancellationToken ct, string? policy = null)
    {
        var (taskId, sourceId) = await host.NewTaskAsync(ct, "ep-7");
        var (user, client) = await host.NewSignedInUserAsync(ct);
        using var _ = client;
        if (policy is not null) await host.GrantAsync(user, policy, ct);
        using var denied = await client.ReportAsync(taskId, Api.ProgressBody(), ct);
        var body = await denied.AssertDeniedAsync(Report, host.ServerUrn(sourceId), ct);
        return (body["encoded_authorization_message"]!.GetValue<string>(), user, sourceId);
    }

    static async Task<JsonNode> DecodedAsync(HttpClient client, string encoded, CancellationToken ct)
    {
        using var response = await client.DecodeAsync(encoded, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync(ct))["decoded_message"]!;
    }

    [Fact]
    public async Task TheAdministratorDecodesANoAllowDenialToItsActionResourceUserAndContext()
    {
        var ct = TestContext.Current.CancellationToken;
        var (encoded, user, sourceId) = await DeniedReportAsync(ct);

        var decoded = await DecodedAsync(host.Admin, encoded, ct);

        Assert.Equal(Report, decoded["action"]!.GetValue<string>());
        Assert.Equal($"sms:opensms-1:{host.AccountId}:server:{sourceId}", decoded["resource"]!.GetValue<string>());
        Assert.Equal(user.Id, decoded["user_id"]!.GetValue<string>());
        Assert.Equal(user.Name, decoded["user_name"]!.GetValue<string>());
        Assert.Equal("no_allow", decoded["decision"]!.GetValue<string>());
        Assert.Null(decoded["statement"]);
        Assert.Equal("ep-7", decoded["context"]!["g:EnterpriseProjectId"]![0]!.GetValue<string>());
        Assert.Equal(user.Name, decoded["context"]!["g:UserName"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ADecodedExplicitDenyNamesThePolicyAndStatementThatDenied()
    {
        var ct = TestContext.Current.CancellationToken;
        var policy = "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*'},{'Sid':'no-reports','Effect':'Deny','Action':'sms:server:migrationServer'}]}";
        var (encoded, _, _) = await DeniedReportAsync(ct, policy);

        var decoded = await DecodedAsync(host.Admin, encoded, ct);

        Assert.Equal("explicit_deny", decoded["decision"]!.GetValue<string>());
        var statement = decoded["statement"]!;
        Assert.False(string.IsNullOrEmpty(statement["policy_id"]!.GetValue<string>()));
        Assert.Equal(1, statement["statement_index"]!.GetValue<int>());
        Assert.Equal("Deny", statement["statement"]!["Effect"]!.GetValue<string>());
        Assert.Equal("no-reports", statement["statement"]!["Sid"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not base64url!")]
    public async Task DecodingGarbageIsA400(string encoded)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Admin.DecodeAsync(encoded, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(["encoded_authorization_message"], error.ErrorParams());
    }

    [Fact]
    public async Task DecodingATamperedMessageIsA400()
    {
        var ct = TestContext.Current.CancellationToken;
        var (encoded, _, _) = await DeniedReportAsync(ct);
        var tampered = encoded[..^4] + (encoded[^4] == 'A' ? 'B' : 'A') + encoded[^3..];

        using var response = await host.Admin.DecodeAsync(tampered, ct);

        await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
    }

    [Fact]
    public async Task AnotherAccountsAdministratorCannotDecodeTheMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var (encoded, _, _) = await DeniedReportAsync(ct);
        var (_, otherAdmin) = await host.NewAccountAsync(ct);
        using var _ = otherAdmin;

        using var response = await otherAdmin.DecodeAsync(encoded, ct);

        await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
    }

    [Fact]
    public async Task AUserWithoutPermissionCannotDecodeEvenItsOwnMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, _) = await host.NewTaskAsync(ct);
        var (_, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        using var denied = await client.ReportAsync(taskId, Api.ProgressBody(), ct);
        var encoded = (await denied.JsonAsync(ct))["encoded_authorization_message"]!.GetValue<string>();

        using var response = await client.DecodeAsync(encoded, ct);

        await response.AssertDeniedAsync("iam:authorizationMessages:decode", "*", ct);
    }

    [Fact]
    public async Task AUserAllowedToDecodeDecodesMessagesOfItsAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var (encoded, _, _) = await DeniedReportAsync(ct);
        var (auditor, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        await host.GrantAsync(auditor, IamApi.Allow("iam:authorizationMessages:decode"), ct);

        var decoded = await DecodedAsync(client, encoded, ct);

        Assert.Equal(Report, decoded["action"]!.GetValue<string>());
    }
}
