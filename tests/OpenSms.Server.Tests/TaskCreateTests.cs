using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>CreateTask (reference §2.1).</summary>
public sealed class TaskCreateTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    /// <summary>Applies a JSON patch of top-level fields to a valid body; a null value removes the field.</summary>
    static JsonObject Patched(string sourceId, string patch)
    {
        var body = Api.TaskBody(sourceId, Kit.Unique("task"));
        foreach (var (key, value) in JsonNode.Parse(patch)!.AsObject())
        {
            if (value is null) body.Remove(key);
            else body[key] = value.DeepClone();
        }
        return body;
    }

    public static TheoryData<string, string[]> InvalidBodies => new()
    {
        { """{"name":null}""", ["name"] },
        { """{"name":""}""", ["name"] },
        { """{"name":"has space"}""", ["name"] },
        { """{"name":"dot.ted"}""", ["name"] },
        { $$"""{"name":"{{new string('n', 65)}}"}""", ["name"] },
        { """{"type":null}""", ["type"] },
        { """{"type":"MIGRATE_DISK"}""", ["type"] },
        { """{"os_type":"SOLARIS"}""", ["os_type"] },
        { """{"source_server":null}""", ["source_server.id"] },
        { """{"source_server":{}}""", ["source_server.id"] },
        { """{"source_server":{"id":""}}""", ["source_server.id"] },
        { """{"target_server":null}""", ["target_server"] },
        { """{"target_server":"vm-1"}""", ["target_server"] },
        { """{"region_name":null}""", ["region_name"] },
        { """{"region_id":null}""", ["region_id"] },
        { """{"project_name":null}""", ["project_name"] },
        { """{"project_id":null}""", ["project_id"] },
        { $$"""{"region_name":"{{new string('r', 256)}}"}""", ["region_name"] },
        { """{"priority":3}""", ["priority"] },
        { """{"priority":-1}""", ["priority"] },
        { """{"speed_limit":10001}""", ["speed_limit"] },
        { """{"speed_limit":-1}""", ["speed_limit"] },
        { """{"migration_ip":"fd00::1"}""", ["migration_ip"] },
        { """{"migration_ip":"fd00::1","use_ipv6":false}""", ["migration_ip"] },
        { """{"migration_ip":"10.0.0.1","use_ipv6":true}""", ["migration_ip"] },
        { """{"migration_ip":"10"}""", ["migration_ip"] },
        { """{"migration_ip":"not-an-ip"}""", ["migration_ip"] },
        { """{"enterprise_project_id":""}""", ["enterprise_project_id"] },
        { """{"over_speed_threshold":101}""", ["over_speed_threshold"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task AnInvalidTaskIs400SMS9001NamingTheField(string patch, string[] fields)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);

        using var response = await client.PostAsJsonAsync("/v3/tasks", Patched(sourceId, patch), ct);

        await response.AssertInvalidAsync(ct, fields);
        Assert.Equal(0, (await client.GetJsonAsync("/v3/tasks", ct))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task EveryInvalidFieldIsListedInOneError()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        const string patch = """
            {"name":"bad name","type":"COPY","os_type":"BSD","source_server":null,"target_server":null,
             "region_name":null,"region_id":null,"project_name":null,"project_id":null,
             "priority":9,"speed_limit":20000,"migration_ip":"fd00::1"}
            """;

        using var response = await client.PostAsJsonAsync("/v3/tasks", Patched("unused", patch), ct);

        await response.AssertInvalidAsync(ct, "name", "type", "os_type", "source_server.id", "target_server",
            "region_name", "region_id", "project_name", "project_id", "priority", "speed_limit", "migration_ip");
    }

    [Theory]
    [InlineData("""{"name":"迁移任务-01"}""")]
    [InlineData("""{"priority":0,"speed_limit":0}""")]
    [InlineData("""{"priority":2,"speed_limit":10000}""")]
    [InlineData("""{"migration_ip":"192.168.10.20"}""")]
    [InlineData("""{"migration_ip":"fd00::20","use_ipv6":true}""")]
    [InlineData("""{"migration_ip":""}""")]
    [InlineData("""{"os_type":null,"type":"MIGRATE_BLOCK"}""")]
    [InlineData("""{"region_name":"","region_id":"","project_name":"","project_id":""}""")]
    public async Task BoundaryValuesAreAccepted(string patch)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);

        var id = await client.CreateAsync(Patched(sourceId, patch), ct);

        Assert.Equal("READY", await client.StateAsync(id, ct));
    }

    [Fact]
    public async Task ATaskNameOf64CharactersIsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);
        var name = new string('n', 64);

        var id = await client.CreateAsync(Api.TaskBody(sourceId, name), ct);

        Assert.Equal(name, (await client.GetJsonAsync($"/v3/tasks/{id}", ct))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATaskForAnUnknownSourceIs404SMS9005()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.PostAsJsonAsync("/v3/tasks", Api.TaskBody("no-such-source"), ct);

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Fact]
    public async Task ASecondTaskForTheSameSourceIs409()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);

        using var response = await client.PostAsJsonAsync("/v3/tasks", Api.TaskBody(m.SourceId, Kit.Unique("task")), ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Contains(m.TaskId, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([m.TaskId], (await client.GetJsonAsync("/v3/tasks", ct)).Ids("tasks"));
    }

    [Fact]
    public async Task ACreatedTaskIsReadyInheritsTheSourcesEnterpriseProjectAndEchoesItsTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var source = Api.SourceBody(Kit.Unique("src"));
        source["enterprise_project_id"] = "ep-1";
        source["os_type"] = "WINDOWS";
        var sourceId = await client.RegisterAsync(source, ct);
        var body = Api.TaskBody(sourceId, "echo-me");
        body.Remove("os_type");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        using var response = await client.PostAsJsonAsync("/v3/tasks", body, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
        var task = await client.GetJsonAsync($"/v3/tasks/{id}", ct);
        Assert.Equal("READY", task["state"]!.GetValue<string>());
        Assert.InRange(task["create_date"]!.GetValue<long>(), before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
        Assert.Null(task["start_date"]);
        Assert.Equal("ep-1", task["enterprise_project_id"]!.GetValue<string>());
        Assert.Equal("WINDOWS", task["os_type"]!.GetValue<string>());
        var target = task["target_server"]!;
        Assert.Equal("vm-1", target["vm_id"]!.GetValue<string>());
        Assert.Equal("echo-me-target", target["name"]!.GetValue<string>());
        Assert.Empty(target["disks"]!.AsArray());
    }

    [Fact]
    public async Task ATasksBodyEchoesItsSpecFirstThenTheTrackedFieldsWithoutNullsAndListAndShowAgree()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);
        var name = Kit.Unique("task");
        var body = Api.TaskBody(sourceId, name);
        body["target_server"]!["disks"] = null;
        body["zz_custom"] = JsonNode.Parse("""{"kept":null,"n":1.50}""");
        body["aa_gone"] = null;
        body["create_date"] = 1; // OpenSms's own value replaces it where the client put it

        var id = await client.CreateAsync(body, ct);

        var shown = await client.GetJsonAsync($"/v3/tasks/{id}", ct);
        var keys = shown.AsObject().Select(p => p.Key).ToList();
        // The spec is what the body has besides the fields kept in columns.
        string[] columns = ["name", "type", "os_type", "source_server"];
        var specKeys = body.Select(p => p.Key).Where(k => !columns.Contains(k) && k != "aa_gone").ToList();
        Assert.Equal(specKeys, keys.Take(specKeys.Count));
        Assert.DoesNotContain("aa_gone", keys);
        Assert.All(shown.AsObject(), p => Assert.NotNull(p.Value));
        Assert.True(shown["create_date"]!.GetValue<long>() > 1);
        Assert.Equal("""{"kept":null,"n":1.50}""", shown["zz_custom"]!.ToJsonString());
        Assert.Empty(shown["target_server"]!["disks"]!.AsArray());
        Assert.Equal(["id", "name", "type", "os_type", "state"], keys.Skip(specKeys.Count).Take(5));
        Assert.Equal(sourceId, shown["source_server"]!["id"]!.GetValue<string>());
        var listed = (await client.GetJsonAsync($"/v3/tasks?name={name}", ct))["tasks"]!.AsArray().Single()!;
        Assert.True(JsonNode.DeepEquals(shown, listed), listed.ToJsonString());
    }

    [Fact]
    public async Task PropertiesWithNamesThatNeedEscapingComeBackAsSentAtTopLevelAndInTheTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);
        var body = Api.TaskBody(sourceId, Kit.Unique("task"));
        body["备注 \"quoted\""] = "迁移";
        body["target_server"]!["标签"] = new JsonArray(1, "二");
        body["target_server"]!["gone"] = null;

        var id = await client.CreateAsync(body, ct);

        var shown = await client.GetJsonAsync($"/v3/tasks/{id}", ct);
        Assert.Equal("迁移", shown["备注 \"quoted\""]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(new JsonArray(1, "二"), shown["target_server"]!["标签"]));
        Assert.True(shown["target_server"]!.AsObject().ContainsKey("gone"));
        Assert.Empty(shown["target_server"]!["disks"]!.AsArray());
    }

    [Fact]
    public async Task AnEnterpriseProjectInTheBodyWinsOverTheSources()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var source = Api.SourceBody(Kit.Unique("src"));
        source["enterprise_project_id"] = "ep-1";
        var sourceId = await client.RegisterAsync(source, ct);
        var body = Api.TaskBody(sourceId, Kit.Unique("task"));
        body["enterprise_project_id"] = "ep-9";

        var id = await client.CreateAsync(body, ct);

        Assert.Equal("ep-9", (await client.GetJsonAsync($"/v3/tasks/{id}", ct))["enterprise_project_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task TargetDisksSentAtCreationAreKept()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);
        var body = Api.TaskBody(sourceId, Kit.Unique("task"));
        var disks = new JsonArray(new JsonObject { ["name"] = "disk 0", ["size"] = 42949672960L, ["device_use"] = "OS" });
        body["target_server"]!["disks"] = disks;

        var id = await client.CreateAsync(body, ct);

        var task = await client.GetJsonAsync($"/v3/tasks/{id}", ct);
        Assert.True(JsonNode.DeepEquals(disks, task["target_server"]!["disks"]), task["target_server"]!.ToJsonString());
    }

    [Fact]
    public async Task AutoStartCreatesARunningTask()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var sourceId = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);
        var body = Api.TaskBody(sourceId, Kit.Unique("task"));
        body["auto_start"] = true;

        var id = await client.CreateAsync(body, ct);

        var task = await client.GetJsonAsync($"/v3/tasks/{id}", ct);
        Assert.Equal("RUNNING", task["state"]!.GetValue<string>());
        Assert.NotNull(task["start_date"]);
        Assert.Equal("START", await client.CommandAsync(sourceId, ct));
    }

    [Fact]
    public async Task AFieldOfTheWrongTypeIs400SMS9002()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.PostAsJsonAsync("/v3/tasks", Patched("any", """{"priority":"high"}"""), ct);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "SMS.9002", ct);
        Assert.Equal(["priority"], error["error_param"]!.AsArray().Select(p => p!.GetValue<string>()));
    }
}
