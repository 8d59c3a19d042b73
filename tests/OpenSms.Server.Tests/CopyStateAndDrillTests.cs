using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>UpdateCopyState (PUT /v3/sources/{id}/changestate) and the migration drill it reports.</summary>
public sealed class CopyStateAndDrillTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    static JsonObject State(string? copystate, string? cycle = null)
    {
        var o = new JsonObject();
        if (copystate is not null) o["copystate"] = copystate;
        if (cycle is not null) o["migrationcycle"] = cycle;
        return o;
    }

    async Task ChangeStateAsync(string sourceId, JsonObject body, CancellationToken ct)
    {
        using var response = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}/changestate", body, ct);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
    }

    async Task<string> ShownStateAsync(string sourceId, CancellationToken ct) => (await host.Admin.ShowServerAsync(sourceId, ct))["state"].Text();

    [Fact]
    public async Task TheDrillRunsThroughThePremigStatesWhileTheTaskReportsProgress()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, "drill-01", id => Api.TaskBody(id, "drill-01-migration").With("need_migration_test", true));
        Assert.True((await host.Admin.ShowTaskAsync(taskId, ct))["need_migration_test"]!.GetValue<bool>());
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "MIGRATE_LINUX_FILE", progress: 100).With("need_migration_test", true), ct);
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "SYNC_LINUX_FILE", progress: 5).With("need_migration_test", true), ct);
        Assert.Equal("syncing", await ShownStateAsync(sourceId, ct));

        // The agent says the drill can start; the operator starts it; the agent gets PREMIGRATE and acknowledges it.
        await ChangeStateAsync(sourceId, State("premigready", "ready_for_test"), ct);
        Assert.Equal("premigready", await ShownStateAsync(sourceId, ct));
        await host.Admin.ActOnTaskAsync(taskId, "migration_test", ct);
        Assert.Equal("PREMIGRATE", (await host.Admin.GetJsonAsync($"/v3/sources/{sourceId}/command", ct))["command_name"].Text());
        await host.Admin.CommandResultAsync(sourceId, "PREMIGRATE", "success", ct);
        await ChangeStateAsync(sourceId, State("premiging", "testing"), ct);

        // Sync reports keep coming during the drill: the task stays SYNCING and the source keeps its drill state.
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "SYNC_LINUX_FILE", progress: 60).With("need_migration_test", true), ct);
        var task = await host.Admin.ShowTaskAsync(taskId, ct);
        Assert.Equal("SYNCING", task["state"].Text());
        Assert.True(task["need_migration_test"]!.GetValue<bool>());
        Assert.Equal("premiging", task["source_server"]!["state"].Text());
        Assert.Equal("testing", task["source_server"]!["migration_cycle"].Text());
        var server = await host.Admin.ShowServerAsync(sourceId, ct);
        Assert.Equal("premiging", server["state"].Text());
        Assert.Equal("testing", server["migration_cycle"].Text());
        Assert.True(server["state_action_time"]!.GetValue<long>() > 0);
        Assert.Equal([sourceId], await SourcesAsync("state=premiging&name=drill-01", ct));

        await ChangeStateAsync(sourceId, State("premiged", "tested"), ct);

        Assert.Equal("premiged", await ShownStateAsync(sourceId, ct));
        Assert.Equal(1, (await host.Admin.GetJsonAsync("/v3/sources/overview", ct))["premiged"]!.GetValue<int>());
        Assert.Equal("SYNCING", (await host.Admin.ShowTaskAsync(taskId, ct))["state"].Text());
    }

    [Fact]
    public async Task AFailedDrillShowsPremigfailedUntilTheTaskMovesOn()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, "drill-02", id => Api.TaskBody(id, "drill-02-migration").With("need_migration_test", true));
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(), ct);
        await host.Admin.ActOnTaskAsync(taskId, "migration_test", ct);
        await ChangeStateAsync(sourceId, State("premiging"), ct);

        await ChangeStateAsync(sourceId, State("premigfailed"), ct);
        Assert.Equal("premigfailed", await ShownStateAsync(sourceId, ct));

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "SYNC_LINUX_FILE"), ct);
        Assert.Equal("syncing", await ShownStateAsync(sourceId, ct));
    }

    [Fact]
    public async Task TheDrillIsRefusedForATaskCreatedWithoutIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, "nodrill");
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(), ct);

        using var response = await host.Admin.PostJsonAsync($"/v3/tasks/{taskId}/action", new JsonObject { ["operation"] = "migration_test" }, ct);

        await response.SmsErrorAsync(System.Net.HttpStatusCode.Conflict, "SMS.9006", ct);
    }

    [Fact]
    public async Task WithoutATaskTheCopyStateBecomesTheSourcesState()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await host.Admin.RegisterSourceAsync(ct, "lonely");

        await ChangeStateAsync(sourceId, State("INIT", "checking"), ct);

        var server = await host.Admin.ShowServerAsync(sourceId, ct);
        Assert.Equal("initialize", server["state"].Text());
        Assert.Equal("checking", server["migration_cycle"].Text());
        Assert.Equal([sourceId], await SourcesAsync("state=initialize&name=lonely", ct));
    }

    [Fact]
    public async Task ACopyStateLastsWhileTheTaskStaysInTheStateItWasSetUnder()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, "cloner");
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(), ct);

        await ChangeStateAsync(sourceId, State("cloning"), ct);
        Assert.Equal("cloning", await ShownStateAsync(sourceId, ct));
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(progress: 50), ct);
        Assert.Equal("cloning", await ShownStateAsync(sourceId, ct));

        await host.Admin.ActOnTaskAsync(taskId, "stop", ct);
        Assert.Equal("stopping", await ShownStateAsync(sourceId, ct));
    }

    [Fact]
    public async Task ASourceThatShowsAFrozenStateIgnoresTheCall()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, "frozen");
        await host.Admin.ActOnTaskAsync(taskId, "stop", ct);
        Assert.Equal("stopped", await ShownStateAsync(sourceId, ct));

        await ChangeStateAsync(sourceId, State("replicate", "replicating"), ct);

        var server = await host.Admin.ShowServerAsync(sourceId, ct);
        Assert.Equal("stopped", server["state"].Text());
        Assert.Null(server["migration_cycle"]);
    }

    [Fact]
    public async Task AFinishedTaskWithTheDrillStillTakesTheDrillStates()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, "finished-drill", id => Api.TaskBody(id, "finished-drill-migration").With("need_migration_test", true));
        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: "DETTACH_AGENT_IMAGE", progress: 100), ct);
        Assert.Equal("finished", await ShownStateAsync(sourceId, ct));

        await ChangeStateAsync(sourceId, State("waiting"), ct);
        Assert.Equal("finished", await ShownStateAsync(sourceId, ct));

        await ChangeStateAsync(sourceId, State("premiging"), ct);
        Assert.Equal("premiging", await ShownStateAsync(sourceId, ct));
    }

    [Fact]
    public async Task EveryBadValueIsNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await host.Admin.RegisterSourceAsync(ct, "bad-state");

        using var bad = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}/changestate", State("dancing", "sleeping"), ct);
        using var empty = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}/changestate", new JsonObject(), ct);
        using var unknown = await host.Admin.PutJsonAsync($"/v3/sources/{Guid.NewGuid()}/changestate", State("waiting"), ct);

        await bad.InvalidAsync(ct, "copystate", "migrationcycle");
        await empty.InvalidAsync(ct, "copystate");
        await unknown.NotFoundAsync(ct);
        Assert.Equal("waiting", await ShownStateAsync(sourceId, ct));
    }

    async Task<string[]> SourcesAsync(string query, CancellationToken ct) =>
        (await host.Admin.GetJsonAsync("/v3/sources?" + query, ct))["source_servers"]!.AsArray().Select(s => s!["id"].Text()).ToArray();
}
