using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>Who may report progress: the user's attached policies decide (403 SMS.9004 otherwise).</summary>
public sealed class AuthorizationTests(IamHost host) : IClassFixture<IamHost>
{
    const string Report = "sms:server:updateTaskProgress";

    [Fact]
    public async Task AUserWithNoPolicyIsDeniedProgressWithTheSeedsBodyAndTheTaskIsUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, sourceId) = await host.NewTaskAsync(ct);
        var (_, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;

        using var response = await client.ReportAsync(taskId, Api.ProgressBody(), ct);

        var body = await response.AssertDeniedAsync(Report, $"sms:opensms-1:{host.AccountId}:server:{sourceId}", ct);
        Assert.Equal(["details", "encoded_authorization_message", "error_code", "error_msg", "error_param"],
            body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("READY", (await host.Admin.ShowTaskAsync(taskId, ct))["state"]!.GetValue<string>());
    }

    /// <summary>Each row: the policies attached (separated by |||, single-quoted JSON) and whether progress is allowed.</summary>
    public static TheoryData<string, string, bool> Grants => new()
    {
        { "5.0 Allow of the action", "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:updateTaskProgress'}]}", true },
        { "1.1 Allow of the alias", "{'Version':'1.1','Statement':[{'Effect':'Allow','Action':'sms:server:migrationServer'}]}", true },
        { "5.0 Allow of the alias", "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:migrationServer'}]}", true },
        { "action wildcard", "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:update*'}]}", true },
        { "service wildcard", "{'Version':'1.1','Statement':[{'Effect':'Allow','Action':'sms:*:*'}]}", true },
        { "resource wildcard", "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*','Resource':'sms:*:*:server:*'}]}", true },
        { "read-only", "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':['sms:*:get*','sms:*:list*']}]}", false },
        { "another action", "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:updateTask'}]}", false },
        { "another service", "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'iam:*:*'}]}", false },
        { "Deny beats Allow in one policy",
            "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*'},{'Effect':'Deny','Action':'sms:server:updateTaskProgress'}]}", false },
        { "Deny beats Allow across policies",
            "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:updateTaskProgress'}]} ||| {'Version':'1.1','Statement':[{'Effect':'Deny','Action':'sms:server:*'}]}", false },
        { "Deny of the alias", "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*'},{'Effect':'Deny','Action':'sms:server:migrationServer'}]}", false },
        { "Deny of another action", "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*'},{'Effect':'Deny','Action':'sms:server:delete*'}]}", true },
    };

    [Theory]
    [MemberData(nameof(Grants))]
    public async Task AttachedPoliciesDecideWhetherAUserMayReportProgress(string rule, string policies, bool allowed)
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, sourceId) = await host.NewTaskAsync(ct);
        var (user, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        foreach (var document in policies.Split("|||")) await host.GrantAsync(user, document.Trim(), ct);

        using var response = await client.ReportAsync(taskId, Api.ProgressBody(), ct);

        if (allowed) Assert.True(response.StatusCode == HttpStatusCode.OK, $"{rule}: expected 200, got {(int)response.StatusCode}");
        else await response.AssertDeniedAsync(Report, host.ServerUrn(sourceId), ct);
    }

    [Fact]
    public async Task AttachingAPolicyGrantsProgressAndDetachingItTakesItAwayAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, sourceId) = await host.NewTaskAsync(ct);
        var (user, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;

        using (var before = await client.ReportAsync(taskId, Api.ProgressBody(progress: 1), ct))
            await before.AssertDeniedAsync(Report, host.ServerUrn(sourceId), ct);
        var policyId = await host.GrantAsync(user, IamApi.Allow(Report), ct);
        using (var granted = await client.ReportAsync(taskId, Api.ProgressBody(progress: 2), ct))
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        using (var detached = await host.Admin.DetachAsync(policyId, user.Id, ct))
            Assert.Equal(HttpStatusCode.OK, detached.StatusCode);
        using var after = await client.ReportAsync(taskId, Api.ProgressBody(progress: 3), ct);

        await after.AssertDeniedAsync(Report, host.ServerUrn(sourceId), ct);
        var subtask = (await host.Admin.ShowTaskAsync(taskId, ct))["sub_tasks"]!.AsArray().Single()!;
        Assert.Equal(2, subtask["progress"]!.GetValue<int>());
    }

    [Fact]
    public async Task DeletingAUserRevokesItsTokensAndDeletesItsKeys()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, _) = await host.NewTaskAsync(ct);
        var (user, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        await host.GrantAsync(user, IamApi.Allow(Report), ct);
        var key = await host.Admin.NewKeyAsync(user.Id, ct);
        using (var before = await client.ReportAsync(taskId, Api.ProgressBody(progress: 1), ct))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var deleted = await host.Admin.DeleteAsync($"/v3/users/{user.Id}", ct))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var withToken = await client.ReportAsync(taskId, Api.ProgressBody(progress: 2), ct);
        using var anonymous = host.App.CreateClient();
        using var withKey = await anonymous.SendSignedAsync(key, HttpMethod.Put, $"/v3/tasks/{taskId}/progress", Api.ProgressBody(progress: 3).ToJsonString(), ct);

        await AkSkTests.AssertUnauthorizedAsync(withToken, "APIGW.0301", "token has been revoked", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, withKey.StatusCode);
    }

    [Fact]
    public async Task TheAccountAdministratorIsAllowedEvenWithAnAttachedDeny()
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, _) = await host.NewTaskAsync(ct);
        var users = await host.Admin.GetJsonAsync("/v3/users", ct);
        var adminId = users["users"]!.AsArray().Single(u => u!["name"]!.GetValue<string>() == "admin")!["id"]!.GetValue<string>();
        await host.GrantAsync(new TestUser(adminId, "admin", OpenSmsApp.AdminPassword),
            "{'Version':'5.0','Statement':[{'Effect':'Deny','Action':'sms:server:updateTaskProgress'}]}", ct);

        using var response = await host.Admin.ReportAsync(taskId, Api.ProgressBody(), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
