using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>The agent's command channel: ShowCommand and UpdateCommandResult (reference §1.2, §2.12).</summary>
public sealed class CommandTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    [Theory]
    [InlineData("READY", "TASK_NOT_STARTED")]
    [InlineData("RUNNING", "START")]
    [InlineData("SYNCING", "START")]
    [InlineData("ABORTING", "STOP")]
    [InlineData("ABORT", "TASK_HAS_STOPPED")]
    [InlineData("MIGRATE_FAIL", "TASK_HAS_STOPPED")]
    [InlineData("MIGRATE_SUCCESS", "TASK_HAS_FINISHED")]
    [InlineData("SYNC_SUCCESS", "TASK_HAS_FINISHED")]
    public async Task ShowCommandFollowsTheTaskState(string state, string command)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync(state, ct);

        var response = await client.GetJsonAsync($"/v3/sources/{m.SourceId}/command", ct);

        Assert.Equal(command, response["command_name"]!.GetValue<string>());
        Assert.Equal(m.TaskId, response["command_param"]!["task_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ShowCommandOfASourceWithoutATaskIsTaskNotStarted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);

        var response = await client.GetJsonAsync($"/v3/sources/{sourceId}/command", ct);

        Assert.Equal("TASK_NOT_STARTED", response["command_name"]!.GetValue<string>());
        Assert.Null(response["command_param"]!["task_id"]);
    }

    [Fact]
    public async Task ShowCommandOfAnUnknownSourceIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.GetAsync("/v3/sources/no-such-source/command", ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Fact]
    public async Task AMigrationTestIsPremigrateUntilTheAgentAcknowledgesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("RUNNING", ct, needMigrationTest: true);
        await Kit.OkAsync(client.ActAsync(m.TaskId, "migration_test", ct), ct);

        Assert.Equal("PREMIGRATE", await client.CommandAsync(m.SourceId, ct));
        Assert.Equal("PREMIGRATE", await client.CommandAsync(m.SourceId, ct));
        await Kit.OkAsync(client.AcknowledgeAsync(m.SourceId, "PREMIGRATE", "success", ct), ct);

        Assert.Equal("START", await client.CommandAsync(m.SourceId, ct));
        Assert.Equal("RUNNING", await client.StateAsync(m.TaskId, ct));
    }

    [Fact]
    public async Task ASkipIsSentToTheAgentUntilAcknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("RUNNING", ct);
        await Kit.OkAsync(client.ActAsync(m.TaskId, "skip", ct), ct);

        Assert.Equal("SKIP", await client.CommandAsync(m.SourceId, ct));
        await Kit.OkAsync(client.AcknowledgeAsync(m.SourceId, "SKIP", "success", ct), ct);

        Assert.Equal("START", await client.CommandAsync(m.SourceId, ct));
    }

    [Fact]
    public async Task AStopAcknowledgedAsSuccessMovesAbortingToAbort()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("ABORTING", ct);

        await Kit.OkAsync(client.AcknowledgeAsync(m.SourceId, "STOP", "success", ct), ct);

        Assert.Equal("ABORT", await client.StateAsync(m.TaskId, ct));
        Assert.Equal("TASK_HAS_STOPPED", await client.CommandAsync(m.SourceId, ct));
    }

    [Fact]
    public async Task AStopAcknowledgedAsFailureLeavesTheTaskAborting()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("ABORTING", ct);

        await Kit.OkAsync(client.AcknowledgeAsync(m.SourceId, "STOP", "fail", ct), ct);

        Assert.Equal("ABORTING", await client.StateAsync(m.TaskId, ct));
        Assert.Equal("STOP", await client.CommandAsync(m.SourceId, ct));
    }

    [Fact]
    public async Task AStartAcknowledgedAsFailureFailsTheTaskAndKeepsTheAgentsDetail()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("RUNNING", ct);
        var body = new JsonObject
        {
            ["command_name"] = "START", ["result"] = "fail",
            ["result_detail"] = new JsonObject { ["error_code"] = "SMS.0007", ["error_msg"] = "disk vanished" },
        };

        await Kit.OkAsync(client.PostAsJsonAsync($"/v3/sources/{m.SourceId}/command_result", body, ct), ct);

        var task = await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        Assert.Equal("MIGRATE_FAIL", task["state"]!.GetValue<string>());
        Assert.Contains("disk vanished", task["error_json"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStartAcknowledgedAsSuccessMovesAReadyTaskToRunning()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("READY", ct);

        await Kit.OkAsync(client.AcknowledgeAsync(m.SourceId, "START", "success", ct), ct);

        Assert.Equal("RUNNING", await client.StateAsync(m.TaskId, ct));
    }

    [Fact]
    public async Task AResultForASourceWithoutATaskIsAcceptedAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);

        await Kit.OkAsync(client.AcknowledgeAsync(sourceId, "UPLOAD_LOG", "success", ct), ct);

        Assert.Equal("TASK_NOT_STARTED", await client.CommandAsync(sourceId, ct));
    }

    [Theory]
    [InlineData("""{}""", new[] { "command_name", "result" })]
    [InlineData("""{"result":"success"}""", new[] { "command_name" })]
    [InlineData("""{"command_name":"STOP"}""", new[] { "result" })]
    [InlineData("""{"command_name":"EXPLODE","result":"success"}""", new[] { "command_name" })]
    [InlineData("""{"command_name":"stop","result":"success"}""", new[] { "command_name" })]
    [InlineData("""{"command_name":"STOP","result":"ok"}""", new[] { "result" })]
    [InlineData("""{"command_name":"NOPE","result":"maybe"}""", new[] { "command_name", "result" })]
    public async Task AnInvalidCommandResultIs400SMS9001NamingTheFields(string body, string[] fields)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("ABORTING", ct);

        using var response = await client.PostAsync($"/v3/sources/{m.SourceId}/command_result", Api.RawJson(body), ct);

        await response.AssertInvalidAsync(ct, fields);
        Assert.Equal("ABORTING", await client.StateAsync(m.TaskId, ct));
    }

    [Fact]
    public async Task ACommandResultForAnUnknownSourceIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.AcknowledgeAsync("no-such-source", "STOP", "success", ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Fact]
    public async Task PollingMarksTheSourceAsVisited()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);
        var registered = (await client.GetJsonAsync($"/v3/sources/{sourceId}", ct))["last_visit_time"]!.GetValue<long>();
        await Task.Delay(20, ct);

        await client.CommandAsync(sourceId, ct);

        var polled = (await client.GetJsonAsync($"/v3/sources/{sourceId}", ct))["last_visit_time"]!.GetValue<long>();
        Assert.True(polled > registered, $"last_visit_time {polled} did not move past {registered}");
    }
}
