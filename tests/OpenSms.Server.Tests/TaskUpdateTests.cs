using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>UpdateTask (reference §2.4).</summary>
public sealed class TaskUpdateTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    [Fact]
    public async Task UpdateChangesNameSpeedLimitAndEnterpriseProjectAndAnswersTheId()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);

        using var response = await client.PutAsJsonAsync($"/v3/tasks/{m.TaskId}",
            new JsonObject { ["name"] = "renamed", ["speed_limit"] = 250, ["enterprise_project_id"] = "ep-7" }, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(m.TaskId, (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>());
        var task = await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        Assert.Equal("renamed", task["name"]!.GetValue<string>());
        Assert.Equal(250, task["speed_limit"]!.GetValue<int>());
        Assert.Equal("ep-7", task["enterprise_project_id"]!.GetValue<string>());
        Assert.Equal("READY", task["state"]!.GetValue<string>());
        Assert.Equal("opensms-1", task["region_name"]!.GetValue<string>());
        Assert.Equal([m.TaskId], (await client.GetJsonAsync("/v3/tasks?enterprise_project_id=ep-7", ct)).Ids("tasks"));
    }

    [Fact]
    public async Task EnterpriseProjectIsAcceptedUnderItsShortName()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);

        await Kit.OkAsync(client.PutAsJsonAsync($"/v3/tasks/{m.TaskId}", new JsonObject { ["enterprise_project"] = "ep-8" }, ct), ct);

        Assert.Equal("ep-8", (await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct))["enterprise_project_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task TargetServerFieldsAreMergedIntoTheExistingTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);
        var disks = new JsonArray(new JsonObject { ["name"] = "disk 0", ["size"] = 10737418240L, ["device_use"] = "OS" });

        await Kit.OkAsync(client.PutAsJsonAsync($"/v3/tasks/{m.TaskId}",
            new JsonObject { ["target_server"] = new JsonObject { ["disks"] = disks, ["ip"] = "10.20.30.40" } }, ct), ct);

        var target = (await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct))["target_server"]!;
        Assert.Equal("vm-1", target["vm_id"]!.GetValue<string>());
        Assert.EndsWith("-target", target["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("10.20.30.40", target["ip"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(disks, target["disks"]), target.ToJsonString());
    }

    [Fact]
    public async Task FieldsNotSentAreLeftAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);
        var body = Api.TaskBody(sourceId, "keep-me");
        body["speed_limit"] = 100;
        body["priority"] = 2;
        var id = await client.CreateAsync(body, ct);
        var before = await client.GetJsonAsync($"/v3/tasks/{id}", ct);

        await Kit.OkAsync(client.PutAsJsonAsync($"/v3/tasks/{id}", new JsonObject { ["region_name"] = "elsewhere" }, ct), ct);

        var after = await client.GetJsonAsync($"/v3/tasks/{id}", ct);
        Assert.Equal("elsewhere", after["region_name"]!.GetValue<string>());
        foreach (var key in new[] { "name", "type", "speed_limit", "priority", "enterprise_project_id", "target_server", "state", "create_date" })
            Assert.True(JsonNode.DeepEquals(before[key], after[key]), key);
    }

    [Fact]
    public async Task ARunningTaskCanBeUpdatedAndKeepsRunning()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("RUNNING", ct);

        await Kit.OkAsync(client.PutAsJsonAsync($"/v3/tasks/{m.TaskId}", new JsonObject { ["speed_limit"] = 50 }, ct), ct);

        var task = await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        Assert.Equal("RUNNING", task["state"]!.GetValue<string>());
        Assert.Equal(50, task["speed_limit"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"name":"bad name"}""", new[] { "name" })]
    [InlineData("""{"name":""}""", new[] { "name" })]
    [InlineData("""{"type":"MIGRATE_DISK"}""", new[] { "type" })]
    [InlineData("""{"speed_limit":10001}""", new[] { "speed_limit" })]
    [InlineData("""{"migration_ip":"fd00::1"}""", new[] { "migration_ip" })]
    [InlineData("""{"migration_ip":"10.0.0.1","use_ipv6":true}""", new[] { "migration_ip" })]
    [InlineData("""{"enterprise_project_id":""}""", new[] { "enterprise_project_id" })]
    [InlineData("""{"target_server":[]}""", new[] { "target_server" })]
    [InlineData("""{"name":"x y","speed_limit":-5,"target_server":"vm"}""", new[] { "name", "speed_limit", "target_server" })]
    public async Task AnInvalidUpdateIs400SMS9001AndChangesNothing(string body, string[] fields)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);
        var before = await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);

        using var response = await client.PutAsync($"/v3/tasks/{m.TaskId}", Api.RawJson(body), ct);

        await response.AssertInvalidAsync(ct, fields);
        var after = await client.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        Assert.True(JsonNode.DeepEquals(before, after), after.ToJsonString());
    }

    [Fact]
    public async Task UpdatingAnUnknownTaskIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.PutAsJsonAsync("/v3/tasks/no-such-task", new JsonObject { ["name"] = "x" }, ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }
}
