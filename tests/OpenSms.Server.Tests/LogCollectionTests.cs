using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>CollectLog, the UPLOAD_LOG command it gives the agent, and log_collect_status through its states.</summary>
public sealed class LogCollectionTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    static JsonObject Bucket(string name = "ops-logs") => new() { ["log_bucket"] = name };

    [Fact]
    public async Task ANewTaskHasNotCollectedLogs()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        Assert.Equal("INIT", (await host.Admin.ShowTaskAsync(taskId, ct))["log_collect_status"].Text());
    }

    [Theory]
    [InlineData("success", "UPLOADED")]
    [InlineData("fail", "UPLOAD_FAIL")]
    public async Task ACollectionIsUploadingUntilTheAgentReportsItsUpload(string result, string status)
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct);

        using var response = await host.Admin.PostJsonAsync($"/v3/tasks/{taskId}/log", Bucket(), ct);

        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("UPLOADING", (await host.Admin.ShowTaskAsync(taskId, ct))["log_collect_status"].Text());
        var server = await host.Admin.ShowServerAsync(sourceId, ct);
        Assert.Equal("UPLOADING", server["current_task"]!["log_collect_status"].Text());
        Assert.Equal("ops-logs", server["current_task"]!["log_bucket"].Text());
        var command = await host.Admin.GetJsonAsync($"/v3/sources/{sourceId}/command", ct);
        Assert.Equal("UPLOAD_LOG", command["command_name"].Text());
        Assert.Equal("ops-logs", command["command_param"]!["bucket"].Text());
        Assert.Equal(taskId, command["command_param"]!["task_id"].Text());

        await host.Admin.CommandResultAsync(sourceId, "UPLOAD_LOG", result, ct);

        Assert.Equal(status, (await host.Admin.ShowTaskAsync(taskId, ct))["log_collect_status"].Text());
        Assert.Equal("TASK_NOT_STARTED", (await host.Admin.GetJsonAsync($"/v3/sources/{sourceId}/command", ct))["command_name"].Text());
    }

    [Fact]
    public async Task AStrayUploadResultChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct);

        await host.Admin.CommandResultAsync(sourceId, "UPLOAD_LOG", "success", ct);

        Assert.Equal("INIT", (await host.Admin.ShowTaskAsync(taskId, ct))["log_collect_status"].Text());
    }

    [Fact]
    public async Task APendingDrillCommandGoesBeforeTheUpload()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, taskBody: id => Api.TaskBody(id).With("need_migration_test", true));
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(), ct);
        await host.Admin.ActOnTaskAsync(taskId, "migration_test", ct);
        (await host.Admin.PostJsonAsync($"/v3/tasks/{taskId}/log", Bucket(), ct)).Dispose();

        Assert.Equal("PREMIGRATE", (await host.Admin.GetJsonAsync($"/v3/sources/{sourceId}/command", ct))["command_name"].Text());
        await host.Admin.CommandResultAsync(sourceId, "PREMIGRATE", "success", ct);

        Assert.Equal("UPLOAD_LOG", (await host.Admin.GetJsonAsync($"/v3/sources/{sourceId}/command", ct))["command_name"].Text());
    }

    [Fact]
    public async Task TheBucketIsRequiredAndNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var missing = await host.Admin.PostJsonAsync($"/v3/tasks/{taskId}/log", new JsonObject(), ct);
        using var blank = await host.Admin.PostJsonAsync($"/v3/tasks/{taskId}/log", Bucket("my logs"), ct);
        using var empty = await host.Admin.PostJsonAsync($"/v3/tasks/{taskId}/log", Bucket(""), ct);

        await missing.InvalidAsync(ct, "log_bucket");
        await blank.InvalidAsync(ct, "log_bucket");
        await empty.InvalidAsync(ct, "log_bucket");
        Assert.Equal("INIT", (await host.Admin.ShowTaskAsync(taskId, ct))["log_collect_status"].Text());
    }

    [Fact]
    public async Task AnotherAccountsTaskIsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var theirs = await host.Other.NewTaskAsync(ct, "other-web");

        using var response = await host.Admin.PostJsonAsync($"/v3/tasks/{theirs}/log", Bucket(), ct);

        await response.NotFoundAsync(ct);
        Assert.Equal("INIT", (await host.Other.ShowTaskAsync(theirs, ct))["log_collect_status"].Text());
    }
}
