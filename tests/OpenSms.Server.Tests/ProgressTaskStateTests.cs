using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>Which tasks accept a report: 404 for tasks the caller cannot see, 409 for states that refuse progress.</summary>
public sealed class ProgressTaskStateTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    [Fact]
    public async Task AReportForAnUnknownTaskIsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknown = Guid.NewGuid().ToString();

        using var response = await host.Admin.ReportAsync(unknown, Api.ProgressBody(), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        Assert.Contains(unknown, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportForAnotherAccountsTaskIsNotFoundAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tenantId, tenant) = await NewAccountAsync(ct);
        using var _ = tenant;
        var theirs = await tenant.NewTaskAsync(ct, "tenant-web");
        var ours = await host.Admin.NewTaskAsync(ct);

        using var intoTheirs = await host.Admin.ReportAsync(theirs, Api.ProgressBody(), ct);
        using var intoOurs = await tenant.ReportAsync(ours, Api.ProgressBody(), ct);

        await intoTheirs.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        await intoOurs.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        Assert.Equal("READY", (await tenant.ShowTaskAsync(theirs, ct))["state"]!.GetValue<string>());
        Assert.Equal("READY", (await host.Admin.ShowTaskAsync(ours, ct))["state"]!.GetValue<string>());
        Assert.Empty(await host.SamplesAsync(tenantId, theirs, ct));
        Assert.Empty(await host.SamplesAsync(ours, ct));
    }

    [Fact]
    public async Task AnAccountReportsProgressForItsOwnTask()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tenantId, tenant) = await NewAccountAsync(ct);
        using var _ = tenant;
        var theirs = await tenant.NewTaskAsync(ct, "tenant-web");

        await tenant.ReportOkAsync(theirs, Api.ProgressBody(progress: 12), ct);

        Assert.Equal("RUNNING", (await tenant.ShowTaskAsync(theirs, ct))["state"]!.GetValue<string>());
        Assert.Equal(12, (await host.SamplesAsync(tenantId, theirs, ct)).Single().Progress);
    }

    [Theory]
    [InlineData("stop while ready", "ABORT")]
    [InlineData("stop acknowledged by the agent", "ABORT")]
    [InlineData("detach finished", "MIGRATE_SUCCESS")]
    [InlineData("detach finished while syncing", "SYNC_SUCCESS")]
    [InlineData("agent failed to start", "MIGRATE_FAIL")]
    public async Task AReportForATaskInAStateThatRefusesProgressIsAConflictNamingTheState(string history, string state)
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await host.Admin.RegisterSourceAsync(ct);
        var taskId = await host.Admin.CreateTaskAsync(sourceId, ct);
        await BringAsync(taskId, sourceId, history, ct);
        Assert.Equal(state, (await host.Admin.ShowTaskAsync(taskId, ct))["state"]!.GetValue<string>());
        var samplesBefore = (await host.SamplesAsync(taskId, ct)).Count;

        using var response = await host.Admin.ReportAsync(taskId, Api.ProgressBody(progress: 77), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Contains(state, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(state, (await host.Admin.ShowTaskAsync(taskId, ct))["state"]!.GetValue<string>());
        Assert.Equal(samplesBefore, (await host.SamplesAsync(taskId, ct)).Count);
    }

    [Fact]
    public async Task AStoppingTaskStillAcceptsProgressAndStaysAborting()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 10), ct);
        await host.Admin.ActOnTaskAsync(taskId, "stop", ct);

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 11), ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "DETTACH_AGENT_IMAGE", progress: 100), ct);

        var task = await host.Admin.ShowTaskAsync(taskId, ct);
        Assert.Equal("ABORTING", task["state"]!.GetValue<string>());
        Assert.Null(task["finish_date"]);
        Assert.Equal(3, (await host.SamplesAsync(taskId, ct)).Count);
    }

    async Task BringAsync(string taskId, string sourceId, string history, CancellationToken ct)
    {
        switch (history)
        {
            case "stop while ready":
                await host.Admin.ActOnTaskAsync(taskId, "stop", ct);
                break;
            case "stop acknowledged by the agent":
                await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(), ct);
                await host.Admin.ActOnTaskAsync(taskId, "stop", ct);
                await CommandResultAsync(sourceId, "STOP", "success", ct);
                break;
            case "detach finished":
                await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "DETTACH_AGENT_IMAGE", progress: 100), ct);
                break;
            case "detach finished while syncing":
                await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "SYNC_LINUX_FILE", progress: 100), ct);
                await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "DETTACH_AGENT_IMAGE", progress: 100), ct);
                break;
            case "agent failed to start":
                await CommandResultAsync(sourceId, "START", "fail", ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(history), history, "no such history");
        }
    }

    async Task CommandResultAsync(string sourceId, string command, string result, CancellationToken ct)
    {
        var body = new JsonObject { ["command_name"] = command, ["result"] = result };
        using var response = await host.Admin.PostAsJsonAsync($"/v3/sources/{sourceId}/command_result", body, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A second account (tenant) created by the operator, and a client signed in as its administrator.</summary>
    async Task<(string Id, HttpClient Admin)> NewAccountAsync(CancellationToken ct)
    {
        var name = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Tenant-pass-123";
        using var response = await host.Admin.PostAsJsonAsync("/v3/opensms/accounts", new JsonObject { ["name"] = name, ["admin_password"] = password }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["account"]!["id"]!.GetValue<string>();
        return (id, await host.App.SignedInClientAsync(name, "admin", password, ct));
    }
}
