using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>A Condition on g:EnterpriseProjectId follows the task's enterprise project, including after a move.</summary>
public sealed class EnterpriseProjectConditionTests(IamHost host) : IClassFixture<IamHost>
{
    const string Report = "sms:server:updateTaskProgress";
    const string OnlyEp1 = "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:server:updateTaskProgress'," +
                           "'Resource':'sms:*:*:server:*','Condition':{'StringEquals':{'g:EnterpriseProjectId':'ep-1'}}}]}";

    async Task<HttpClient> UserWithPolicyAsync(string document, CancellationToken ct)
    {
        var (user, client) = await host.NewSignedInUserAsync(ct);
        await host.GrantAsync(user, document, ct);
        return client;
    }

    async Task MoveAsync(string taskId, string enterpriseProjectId, CancellationToken ct)
    {
        using var moved = await host.Admin.PutAsJsonAsync($"/v3/tasks/{taskId}", new JsonObject { ["enterprise_project_id"] = enterpriseProjectId }, ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
    }

    [Fact]
    public async Task ConditionOnEnterpriseProjectAllowsOnlyTasksInThatProject()
    {
        var ct = TestContext.Current.CancellationToken;
        var (inEp1, _) = await host.NewTaskAsync(ct, "ep-1");
        var (inEp2, ep2Source) = await host.NewTaskAsync(ct, "ep-2");
        var (inDefault, defaultSource) = await host.NewTaskAsync(ct);
        using var client = await UserWithPolicyAsync(OnlyEp1, ct);

        using var allowed = await client.ReportAsync(inEp1, Api.ProgressBody(), ct);
        using var deniedEp2 = await client.ReportAsync(inEp2, Api.ProgressBody(), ct);
        using var deniedDefault = await client.ReportAsync(inDefault, Api.ProgressBody(), ct);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await deniedEp2.AssertDeniedAsync(Report, host.ServerUrn(ep2Source), ct);
        await deniedDefault.AssertDeniedAsync(Report, host.ServerUrn(defaultSource), ct);
    }

    [Fact]
    public async Task MovingATaskIntoOrOutOfTheProjectChangesTheOutcomeAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var (leaving, leavingSource) = await host.NewTaskAsync(ct, "ep-1");
        var (joining, _) = await host.NewTaskAsync(ct, "ep-2");
        using var client = await UserWithPolicyAsync(OnlyEp1, ct);
        // The first reports put both tasks' scopes in the server's cache.
        using (var first = await client.ReportAsync(leaving, Api.ProgressBody(progress: 1), ct)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var first = await client.ReportAsync(joining, Api.ProgressBody(progress: 1), ct)) Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);

        await MoveAsync(leaving, "ep-2", ct);
        await MoveAsync(joining, "ep-1", ct);
        using var leftOut = await client.ReportAsync(leaving, Api.ProgressBody(progress: 2), ct);
        using var letIn = await client.ReportAsync(joining, Api.ProgressBody(progress: 2), ct);

        await leftOut.AssertDeniedAsync(Report, host.ServerUrn(leavingSource), ct);
        Assert.Equal(HttpStatusCode.OK, letIn.StatusCode);
    }

    [Fact]
    public async Task ATaskCreatedWithItsOwnEnterpriseProjectIsJudgedByItNotItsSources()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await host.Admin.RegisterSourceAsync(ct, IamHost.UniqueName("web"));
        var body = Api.TaskBody(sourceId, IamHost.UniqueName("task"));
        body["enterprise_project_id"] = "ep-1";
        using var created = await host.Admin.PostAsJsonAsync("/v3/tasks", body, ct);
        var taskId = (await created.JsonAsync(ct))["id"]!.GetValue<string>();
        using var client = await UserWithPolicyAsync(OnlyEp1, ct);

        using var response = await client.ReportAsync(taskId, Api.ProgressBody(), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ADenyOutsideTheProjectWithIfExistsOverridesABroadAllow()
    {
        var ct = TestContext.Current.CancellationToken;
        var (inEp1, _) = await host.NewTaskAsync(ct, "ep-1");
        var (inEp2, ep2Source) = await host.NewTaskAsync(ct, "ep-2");
        using var client = await UserWithPolicyAsync("{'Version':'5.0','Statement':[{'Effect':'Allow','Action':'sms:*:*'}," +
            "{'Effect':'Deny','Action':'sms:server:*','Condition':{'StringNotEqualsIfExists':{'g:EnterpriseProjectId':'ep-1'}}}]}", ct);

        using var allowed = await client.ReportAsync(inEp1, Api.ProgressBody(), ct);
        using var denied = await client.ReportAsync(inEp2, Api.ProgressBody(), ct);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await denied.AssertDeniedAsync(Report, host.ServerUrn(ep2Source), ct);
    }
}
