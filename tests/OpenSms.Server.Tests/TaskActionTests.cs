using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>POST /v3/tasks/{id}/action through the API (reference §2.6); the full rule table is in OpenSms.Core.Tests.</summary>
public sealed class TaskActionTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    /// <summary>(state the task is driven to, operation, the state after it) for operations that are allowed.</summary>
    public static TheoryData<string, string, string> Allowed => new()
    {
        { "READY", "start", "RUNNING" },
        { "READY", "stop", "ABORT" },
        { "READY", "network_check", "READY" },
        { "READY", "clear", "READY" },
        { "RUNNING", "stop", "ABORTING" },
        { "RUNNING", "skip", "RUNNING" },
        { "RUNNING", "migration_test", "RUNNING" },
        { "RUNNING", "error_for_overspeed", "ABORT" },
        { "SYNCING", "stop", "ABORTING" },
        { "SYNCING", "test", "SYNCING" },
        { "SYNCING", "cutover", "SYNC_SUCCESS" },
        { "ABORT", "start", "RUNNING" },
        { "ABORT", "clear", "ABORT" },
        { "MIGRATE_SUCCESS", "test", "MIGRATE_SUCCESS" },
        { "MIGRATE_SUCCESS", "clone_test", "MIGRATE_SUCCESS" },
        { "MIGRATE_SUCCESS", "cutover", "MIGRATE_SUCCESS" },
        { "MIGRATE_SUCCESS", "migration_test", "MIGRATE_SUCCESS" },
        { "MIGRATE_SUCCESS", "clear", "MIGRATE_SUCCESS" },
        { "SYNC_SUCCESS", "test", "SYNC_SUCCESS" },
        { "MIGRATE_FAIL", "restart", "RUNNING" },
        { "MIGRATE_FAIL", "clear", "MIGRATE_FAIL" },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task AnAllowedActionAnswers200AndMovesTheTask(string state, string operation, string after)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync(state, ct, needMigrationTest: true);

        using var response = await client.ActAsync(m.TaskId, operation, ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(after, await client.StateAsync(m.TaskId, ct));
    }

    /// <summary>(state, operation, HTTP status, error code) for operations the state does not allow.</summary>
    public static TheoryData<string, string, int, string> Refused => new()
    {
        { "ABORTING", "stop", 400, "SMS.1038" },
        { "ABORT", "stop", 400, "SMS.1038" },
        { "MIGRATE_SUCCESS", "stop", 400, "SMS.1038" },
        { "MIGRATE_FAIL", "stop", 400, "SMS.1038" },
        { "RUNNING", "start", 400, "SMS.1039" },
        { "SYNCING", "start", 400, "SMS.1039" },
        { "ABORTING", "start", 400, "SMS.1039" },
        { "MIGRATE_SUCCESS", "start", 400, "SMS.1039" },
        { "MIGRATE_FAIL", "start", 400, "SMS.1039" },
        { "READY", "restart", 400, "SMS.1040" },
        { "RUNNING", "restart", 400, "SMS.1040" },
        { "ABORT", "restart", 400, "SMS.1040" },
        { "MIGRATE_SUCCESS", "restart", 400, "SMS.1040" },
        { "READY", "test", 409, "SMS.9006" },
        { "RUNNING", "test", 409, "SMS.9006" },
        { "READY", "clone_test", 409, "SMS.9006" },
        { "READY", "cutover", 409, "SMS.9006" },
        { "ABORT", "cutover", 409, "SMS.9006" },
        { "READY", "migration_test", 409, "SMS.9006" },
        { "ABORT", "migration_test", 409, "SMS.9006" },
        { "READY", "skip", 409, "SMS.9006" },
        { "MIGRATE_SUCCESS", "skip", 409, "SMS.9006" },
        { "RUNNING", "clear", 409, "SMS.9006" },
        { "ABORTING", "clear", 409, "SMS.9006" },
        { "READY", "error_for_overspeed", 409, "SMS.9006" },
        { "ABORT", "error_for_overspeed", 409, "SMS.9006" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task ARefusedActionNamesTheStateAndLeavesTheTaskAlone(string state, string operation, int status, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync(state, ct, needMigrationTest: true);

        using var response = await client.ActAsync(m.TaskId, operation, ct);

        var error = await response.AssertErrorAsync((HttpStatusCode)status, code, ct);
        Assert.Contains(state, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(state, await client.StateAsync(m.TaskId, ct));
    }

    [Fact]
    public async Task AMigrationTestIsRefusedForATaskCreatedWithoutIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("RUNNING", ct, needMigrationTest: false);

        using var response = await client.ActAsync(m.TaskId, "migration_test", ct);

        await response.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Equal("START", await client.CommandAsync(m.SourceId, ct));
    }

    [Fact]
    public async Task StartSetsTheStartDateAndAStopFromReadyNeedsNoAgent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var started = await client.NewMigrationAsync(ct);
        var stopped = await client.NewMigrationAsync(ct);

        await Kit.OkAsync(client.ActAsync(started.TaskId, "start", ct), ct);
        await Kit.OkAsync(client.ActAsync(stopped.TaskId, "stop", ct), ct);

        Assert.NotNull((await client.GetJsonAsync($"/v3/tasks/{started.TaskId}", ct))["start_date"]);
        Assert.Equal("START", await client.CommandAsync(started.SourceId, ct));
        Assert.Equal("TASK_HAS_STOPPED", await client.CommandAsync(stopped.SourceId, ct));
    }

    [Fact]
    public async Task StopStartResumesTheSameTask()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("ABORTING", ct);
        await Kit.OkAsync(client.AcknowledgeAsync(m.SourceId, "STOP", "success", ct), ct);

        await Kit.OkAsync(client.ActAsync(m.TaskId, "start", ct), ct);

        Assert.Equal("RUNNING", await client.StateAsync(m.TaskId, ct));
        Assert.Equal("START", await client.CommandAsync(m.SourceId, ct));
    }

    [Fact]
    public async Task RestartClearsTheFailure()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);
        await Kit.OkAsync(client.ActAsync(m.TaskId, "start", ct), ct);
        await Kit.OkAsync(client.PostAsJsonAsync($"/v3/sources/{m.SourceId}/command_result", new JsonObject
        {
            ["command_name"] = "START", ["result"] = "fail", ["result_detail"] = new JsonObject { ["error_msg"] = "boom" },
        }, ct), ct);
        Assert.NotEqual("", (await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct))["error_json"]!.GetValue<string>());

        await Kit.OkAsync(client.ActAsync(m.TaskId, "restart", ct), ct);

        var task = await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        Assert.Equal("RUNNING", task["state"]!.GetValue<string>());
        Assert.Equal("", task["error_json"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnOverSpeedStopRecordsSMS9010()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("RUNNING", ct);

        await Kit.OkAsync(client.ActAsync(m.TaskId, "error_for_overspeed", ct), ct);

        var task = await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        Assert.Equal("ABORT", task["state"]!.GetValue<string>());
        Assert.Equal("SMS.9010", JsonNode.Parse(task["error_json"]!.GetValue<string>())!["error_code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{}""", "operation")]
    [InlineData("""{"operation":"explode"}""", "operation")]
    [InlineData("""{"operation":"START"}""", "operation")]
    [InlineData("""{"operation":"collect_log"}""", "operation")]
    public async Task AnUnknownOrMissingOperationIs400SMS9001(string body, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);

        using var response = await client.PostAsync($"/v3/tasks/{m.TaskId}/action", Api.RawJson(body), ct);

        await response.AssertInvalidAsync(ct, field);
        Assert.Equal("READY", await client.StateAsync(m.TaskId, ct));
    }

    [Fact]
    public async Task ATemplateIdOver255CharactersIs400SMS9001()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);

        using var response = await client.PostAsJsonAsync($"/v3/tasks/{m.TaskId}/action",
            new JsonObject { ["operation"] = "start", ["template_id"] = new string('t', 256) }, ct);

        await response.AssertInvalidAsync(ct, "template_id");
    }

    [Fact]
    public async Task AnActionOnAnUnknownTaskIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.ActAsync("no-such-task", "start", ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }
}
