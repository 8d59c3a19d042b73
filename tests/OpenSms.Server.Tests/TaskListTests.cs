using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>ListTasks and ShowTask (reference §2.2, §2.3).</summary>
public sealed class TaskListTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    [Fact]
    public async Task CountIsEveryMatchWhileLimitAndOffsetPage()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await client.NewMigrationAsync(ct)).TaskId);

        var first = await client.GetJsonAsync("/v3/tasks?limit=2", ct);
        var second = await client.GetJsonAsync("/v3/tasks?limit=2&offset=2", ct);
        var last = await client.GetJsonAsync("/v3/tasks?limit=2&offset=4", ct);
        var all = await client.GetJsonAsync("/v3/tasks", ct);
        var beyond = await client.GetJsonAsync("/v3/tasks?offset=5", ct);

        Assert.All([first, second, last, all, beyond], page => Assert.Equal(5, page["count"]!.GetValue<int>()));
        Assert.Equal([2, 2, 1, 5, 0], new[] { first, second, last, all, beyond }.Select(p => p.Ids("tasks").Count()));
        var paged = first.Ids("tasks").Concat(second.Ids("tasks")).Concat(last.Ids("tasks"));
        Assert.Equal(ids.Order(StringComparer.Ordinal), paged.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FiltersSelectTheMatchingTasksAndCountThem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var ready = await client.MigrationInStateAsync("READY", ct);
        var running = await client.MigrationInStateAsync("RUNNING", ct);
        var source = Api.SourceBody(Kit.Unique("src"));
        source["enterprise_project_id"] = "ep-1";
        var inProject = await client.CreateAsync(Api.TaskBody(await client.RegisterAsync(source, ct), "special-name-1"), ct);

        async Task<IEnumerable<string>> Matching(string query)
        {
            var list = await client.GetJsonAsync($"/v3/tasks?{query}", ct);
            Assert.Equal(list.Ids("tasks").Count(), list["count"]!.GetValue<int>());
            return list.Ids("tasks").Order(StringComparer.Ordinal);
        }

        Assert.Equal([running.TaskId], await Matching("state=RUNNING"));
        Assert.Equal(new[] { ready.TaskId, inProject }.Order(StringComparer.Ordinal), await Matching("state=READY"));
        Assert.Empty(await Matching("state=MIGRATE_SUCCESS"));
        Assert.Equal([inProject], await Matching("name=special"));
        Assert.Equal([ready.TaskId], await Matching($"id={ready.TaskId}"));
        Assert.Equal([running.TaskId], await Matching($"source_server_id={running.SourceId}"));
        Assert.Equal([inProject], await Matching("enterprise_project_id=ep-1"));
        Assert.Equal(new[] { ready.TaskId, running.TaskId }.Order(StringComparer.Ordinal), await Matching("enterprise_project_id=0"));
        Assert.Equal([inProject], await Matching("state=READY&enterprise_project_id=ep-1"));
        Assert.Empty(await Matching("state=RUNNING&enterprise_project_id=ep-1"));
    }

    [Theory]
    [InlineData("state=BOGUS", "state")]
    [InlineData("state=running", "state")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=lots", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=65536", "offset")]
    public async Task ABadQueryParameterIs400SMS9001NamingIt(string query, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.GetAsync($"/v3/tasks?{query}", ct);

        await response.AssertInvalidAsync(ct, field);
    }

    [Theory]
    [InlineData("SYNC_F_ROLLBACKING")]
    [InlineData("SYNC_F_ROLLBACK_SUCCESS")]
    [InlineData("DELETING")]
    public async Task EveryStateOfTheFilterEnumIsAccepted(string state)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        var list = await client.GetJsonAsync($"/v3/tasks?state={state}", ct);

        Assert.Equal(0, list["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ShowTaskReturnsTheTaskAsCreatedWithItsSourceServer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody("show-src", "10.9.8.7"), ct);
        var body = Api.TaskBody(sourceId, "show-task");
        body["priority"] = 2;
        body["speed_limit"] = 300;
        body["migration_ip"] = "10.9.8.100";
        body["vm_template_id"] = "tpl-1";

        var id = await client.CreateAsync(body, ct);
        var task = await client.GetJsonAsync($"/v3/tasks/{id}", ct);

        Assert.Equal(id, task["id"]!.GetValue<string>());
        Assert.Equal("show-task", task["name"]!.GetValue<string>());
        Assert.Equal("MIGRATE_FILE", task["type"]!.GetValue<string>());
        Assert.Equal("LINUX", task["os_type"]!.GetValue<string>());
        Assert.Equal(2, task["priority"]!.GetValue<int>());
        Assert.Equal(300, task["speed_limit"]!.GetValue<int>());
        Assert.Equal("10.9.8.100", task["migration_ip"]!.GetValue<string>());
        Assert.Equal("tpl-1", task["vm_template_id"]!.GetValue<string>());
        Assert.Equal("opensms-1", task["region_name"]!.GetValue<string>());
        Assert.Equal("opensms-1", task["region_id"]!.GetValue<string>());
        Assert.Equal("default", task["project_name"]!.GetValue<string>());
        Assert.Equal("p1", task["project_id"]!.GetValue<string>());
        Assert.Equal("0", task["enterprise_project_id"]!.GetValue<string>());
        Assert.Equal("", task["error_json"]!.GetValue<string>());
        Assert.True(task["connected"]!.GetValue<bool>());
        Assert.False(task["need_migration_test"]!.GetValue<bool>());
        Assert.Empty(task["sub_tasks"]!.AsArray());
        var source = task["source_server"]!;
        Assert.Equal(sourceId, source["id"]!.GetValue<string>());
        Assert.Equal("10.9.8.7", source["ip"]!.GetValue<string>());
        Assert.Equal("show-src", source["name"]!.GetValue<string>());
        Assert.Equal("LINUX", source["os_type"]!.GetValue<string>());
        Assert.Equal("initialize", source["state"]!.GetValue<string>());
        Assert.Null(task["auto_start"]);
    }

    [Fact]
    public async Task ATaskWithoutPriorityHasTheStandardOne()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        var m = await client.NewMigrationAsync(ct);

        var task = await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        Assert.Equal(1, task["priority"]!.GetValue<int>());
        Assert.Equal(0, task["speed_limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListTasksShowsTheSameFieldsAsShowTask()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("RUNNING", ct);

        var shown = await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        var listed = (await client.GetJsonAsync("/v3/tasks", ct))["tasks"]!.AsArray().Single()!.AsObject();

        Assert.Equal(shown.Select(p => p.Key).Order(StringComparer.Ordinal), listed.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var key in new[] { "id", "name", "state", "source_server", "target_server", "create_date", "start_date" })
            Assert.True(JsonNode.DeepEquals(shown[key], listed[key]), key);
    }

    [Fact]
    public async Task ShowTaskOfAnUnknownIdIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.GetAsync("/v3/tasks/no-such-task", ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }
}
