using System.Net;
using System.Net.Http.Json;

namespace OpenSms.Server.Tests;

/// <summary>Another account's ids answer 404, never 403, and never show in lists (CONTRACT.md, Errors).</summary>
public sealed class IsolationTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    public static TheoryData<string, string, string?> TaskCalls => new()
    {
        { "GET", "/v3/tasks/{task}", null },
        { "PUT", "/v3/tasks/{task}", """{"name":"stolen"}""" },
        { "DELETE", "/v3/tasks/{task}", null },
        { "POST", "/v3/tasks/delete", """{"ids":["{task}"]}""" },
        { "POST", "/v3/tasks/{task}/action", """{"operation":"start"}""" },
        { "GET", "/v3/sources/{source}", null },
        { "DELETE", "/v3/sources/{source}", null },
        { "POST", "/v3/sources/delete", """{"ids":["{source}"]}""" },
        { "GET", "/v3/sources/{source}/command", null },
        { "POST", "/v3/sources/{source}/command_result", """{"command_name":"START","result":"fail"}""" },
    };

    [Theory]
    [MemberData(nameof(TaskCalls))]
    public async Task AnotherAccountsIdsAre404SMS9005AndLeaveTheResourceUntouched(string method, string template, string? body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = await app.TenantClientAsync(ct);
        using var stranger = await app.TenantClientAsync(ct);
        var m = await owner.NewMigrationAsync(ct);
        string Fill(string s) => s.Replace("{task}", m.TaskId, StringComparison.Ordinal).Replace("{source}", m.SourceId, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(template));
        if (body is not null) request.Content = Api.RawJson(Fill(body));
        using var response = await stranger.SendAsync(request, ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        var task = await owner.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        Assert.Equal("READY", task["state"]!.GetValue<string>());
        Assert.NotEqual("stolen", task["name"]!.GetValue<string>());
        Assert.Equal("TASK_NOT_STARTED", await owner.CommandAsync(m.SourceId, ct));
    }

    [Fact]
    public async Task ListsShowOnlyTheCallersOwnSourcesAndTasks()
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = await app.TenantClientAsync(ct);
        using var stranger = await app.TenantClientAsync(ct);
        var theirs = await owner.NewMigrationAsync(ct);
        var mine = await stranger.NewMigrationAsync(ct);

        var tasks = await stranger.GetJsonAsync("/v3/tasks", ct);
        var sources = await stranger.GetJsonAsync("/v3/sources", ct);
        var filtered = await stranger.GetJsonAsync($"/v3/tasks?id={theirs.TaskId}", ct);
        var bySource = await stranger.GetJsonAsync($"/v3/tasks?source_server_id={theirs.SourceId}", ct);

        Assert.Equal([mine.TaskId], tasks.Ids("tasks"));
        Assert.Equal(1, tasks["count"]!.GetValue<int>());
        Assert.Equal([mine.SourceId], sources.Ids("source_servers"));
        Assert.Equal(1, sources["count"]!.GetValue<int>());
        Assert.Equal(0, filtered["count"]!.GetValue<int>());
        Assert.Equal(0, bySource["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ATaskCannotBeCreatedForAnotherAccountsSource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = await app.TenantClientAsync(ct);
        using var stranger = await app.TenantClientAsync(ct);
        var sourceId = await owner.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);

        using var response = await stranger.PostAsJsonAsync("/v3/tasks", Api.TaskBody(sourceId, Kit.Unique("task")), ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Fact]
    public async Task ReRegisteringWithAnotherAccountsSourceIdCreatesANewSourceAndLeavesTheirsAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = await app.TenantClientAsync(ct);
        using var stranger = await app.TenantClientAsync(ct);
        var sourceId = await owner.RegisterAsync(Api.SourceBody("original"), ct);
        var hijack = Api.SourceBody("hijacked");
        hijack["id"] = sourceId;

        var newId = await stranger.RegisterAsync(hijack, ct);

        Assert.NotEqual(sourceId, newId);
        var theirs = await owner.GetJsonAsync($"/v3/sources/{sourceId}", ct);
        Assert.Equal("original", theirs["name"]!.GetValue<string>());
        var mine = await stranger.GetJsonAsync($"/v3/sources/{newId}", ct);
        Assert.Equal("hijacked", mine["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProgressReportForAnotherAccountsTaskIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = await app.TenantClientAsync(ct);
        using var stranger = await app.TenantClientAsync(ct);
        var m = await owner.NewMigrationAsync(ct);

        using var response = await stranger.ReportAsync(m.TaskId, Api.ProgressBody(), ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        Assert.Equal("READY", await owner.StateAsync(m.TaskId, ct));
    }

    [Fact]
    public async Task AnotherAccountsTokenCannotBeValidatedOrRevoked()
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = await app.TenantClientAsync(ct);
        using var stranger = await app.TenantClientAsync(ct);
        var token = owner.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, "/v3/auth/tokens");
            request.Headers.Add("X-Subject-Token", token);
            using var response = await stranger.SendAsync(request, ct);
            await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        }
        var stillWorks = await owner.GetJsonAsync("/v3/tasks", ct);
        Assert.NotNull(stillWorks["count"]);
    }
}
