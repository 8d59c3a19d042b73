using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>DeleteTask and DeleteTasks (reference §2.5).</summary>
public sealed class TaskDeleteTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    static JsonObject Ids(params string[] ids) => new() { ["ids"] = new JsonArray(ids.Select(i => (JsonNode?)i).ToArray()) };

    [Theory]
    [InlineData("READY")]
    [InlineData("ABORT")]
    [InlineData("MIGRATE_SUCCESS")]
    [InlineData("SYNC_SUCCESS")]
    [InlineData("MIGRATE_FAIL")]
    public async Task AnIdleTaskIsDeletedAndItsSourceStays(string state)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync(state, ct);

        using var deleted = await client.DeleteAsync($"/v3/tasks/{m.TaskId}", ct);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", await deleted.Content.ReadAsStringAsync(ct));
        using var shown = await client.GetAsync($"/v3/tasks/{m.TaskId}", ct);
        await shown.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        var source = await client.GetJsonAsync($"/v3/sources/{m.SourceId}", ct);
        Assert.Equal("waiting", source["state"]!.GetValue<string>());
        Assert.Equal("TASK_NOT_STARTED", await client.CommandAsync(m.SourceId, ct));
    }

    [Fact]
    public async Task AfterDeletingItsTaskASourceCanGetANewOne()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);
        await Kit.OkAsync(client.DeleteAsync($"/v3/tasks/{m.TaskId}", ct), ct);

        var second = await client.CreateAsync(Api.TaskBody(m.SourceId, Kit.Unique("task")), ct);

        Assert.Equal([second], (await client.GetJsonAsync("/v3/tasks", ct)).Ids("tasks"));
    }

    [Theory]
    [InlineData("RUNNING")]
    [InlineData("SYNCING")]
    [InlineData("ABORTING")]
    public async Task DeleteOfAnActiveTaskIsRefusedWith409(string state)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync(state, ct);

        using var deleted = await client.DeleteAsync($"/v3/tasks/{m.TaskId}", ct);

        var error = await deleted.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Contains(state, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(state, await client.StateAsync(m.TaskId, ct));
    }

    [Fact]
    public async Task DeleteOfAnUnknownTaskIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var deleted = await client.DeleteAsync("/v3/tasks/no-such-task", ct);

        await deleted.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Fact]
    public async Task BatchDeleteRemovesEveryListedTask()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var a = await client.NewMigrationAsync(ct);
        var b = await client.NewMigrationAsync(ct);
        var kept = await client.NewMigrationAsync(ct);

        using var deleted = await client.PostAsJsonAsync("/v3/tasks/delete", Ids(a.TaskId, b.TaskId), ct);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal([kept.TaskId], (await client.GetJsonAsync("/v3/tasks", ct)).Ids("tasks"));
    }

    [Fact]
    public async Task BatchDeleteIsAllOrNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var idle = await client.NewMigrationAsync(ct);
        var running = await client.MigrationInStateAsync("RUNNING", ct);

        using var withUnknown = await client.PostAsJsonAsync("/v3/tasks/delete", Ids(idle.TaskId, "no-such-task"), ct);
        using var withRunning = await client.PostAsJsonAsync("/v3/tasks/delete", Ids(idle.TaskId, running.TaskId), ct);

        await withUnknown.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        await withRunning.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Equal(2, (await client.GetJsonAsync("/v3/tasks", ct))["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"ids":[]}""")]
    [InlineData("""{"ids":[""]}""")]
    public async Task BatchDeleteWithoutIdsIs400SMS9001(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.PostAsync("/v3/tasks/delete", Api.RawJson(body), ct);

        await response.AssertInvalidAsync(ct, "ids");
    }

    [Fact]
    public async Task BatchDeleteOfMoreThan100IdsIs400SMS9001()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.PostAsJsonAsync("/v3/tasks/delete", Ids(Enumerable.Range(0, 101).Select(i => $"t{i}").ToArray()), ct);

        await response.AssertInvalidAsync(ct, "ids");
    }
}
