using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>UpdateServerName, UpdateDiskInfo, ShowOverview, ListErrorServers and the ListServers filters of the surface.</summary>
public sealed class SourceDetailTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    static JsonObject SourceWithDisks(string name) => Api.SourceBody(name)
        .With("disks", new JsonArray(
            new JsonObject
            {
                ["name"] = "/dev/vda", ["device_use"] = "BOOT", ["size"] = 42949672960, ["used_size"] = 1073741824,
                ["physical_volumes"] = new JsonArray(new JsonObject { ["name"] = "/dev/vda1", ["mount_point"] = "/", ["size"] = 42949672960 }),
            },
            new JsonObject { ["name"] = "/dev/vdb", ["device_use"] = "NORMAL", ["size"] = 107374182400, ["used_size"] = 0, ["physical_volumes"] = new JsonArray() }))
        .With("volume_groups", new JsonArray(new JsonObject
        {
            ["name"] = "vg0", ["size"] = 10737418240, ["logical_volumes"] = new JsonArray(new JsonObject { ["name"] = "lv_data", ["size"] = 10737418240 }),
        }));

    static async Task<string> RegisterAsync(HttpClient client, JsonObject body, CancellationToken ct)
    {
        using var response = await client.PostJsonAsync("/v3/sources", body, ct);
        return (await response.OkJsonAsync(ct))["id"].Text();
    }

    [Fact]
    public async Task ShowServerNamesEveryDiskAndVolumeByItsPosition()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await RegisterAsync(host.Admin, SourceWithDisks("disks-01"), ct);

        var server = await host.Admin.ShowServerAsync(sourceId, ct);

        Assert.Equal(["0", "1"], server["disks"]!.AsArray().Select(d => d!["id"].Text()));
        Assert.Equal("0", server["disks"]![0]!["physical_volumes"]![0]!["id"].Text());
        Assert.Equal("0", server["volume_groups"]![0]!["id"].Text());
        Assert.Equal("0", server["volume_groups"]![0]!["logical_volumes"]![0]!["id"].Text());
    }

    [Fact]
    public async Task AServerWithoutATaskShowsNoCurrentTask()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await host.Admin.RegisterSourceAsync(ct, "taskless");

        var server = await host.Admin.ShowServerAsync(sourceId, ct);
        var listed = (await host.Admin.GetJsonAsync($"/v3/sources?id={sourceId}", ct))["source_servers"]![0]!;

        Assert.Null(server["current_task"]);
        Assert.Null(server["replicatesize"]);
        Assert.Null(listed["current_task"]);
        Assert.False(server["is_consistency_result_exist"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UpdateServerNameRenamesMovesAndAdjustsDisks()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await RegisterAsync(host.Admin, SourceWithDisks("rename-01"), ct);
        using var created = await host.Admin.PostJsonAsync("/v3/migprojects", new JsonObject { ["name"] = "move-here", ["region"] = "r", ["type"] = "MIGRATE_BLOCK" }, ct);
        var projectId = (await created.OkJsonAsync(ct))["id"].Text();
        var body = new JsonObject
        {
            ["name"] = "renamed-01", ["migprojectid"] = projectId,
            ["disks"] = new JsonArray(
                new JsonObject { ["id"] = "0", ["adjust_size"] = 53687091200, ["physical_volumes"] = new JsonArray(new JsonObject { ["id"] = "0", ["need_migration"] = true, ["adjust_size"] = 53687091200 }) },
                new JsonObject { ["id"] = "1", ["need_migration"] = false, ["adjust_size"] = 0 }),
            ["volume_groups"] = new JsonArray(new JsonObject { ["id"] = "0", ["need_migration"] = false, ["logical_volumes"] = new JsonArray(new JsonObject { ["id"] = "0", ["need_migration"] = false }) }),
        };

        using var response = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}", body, ct);

        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
        var server = await host.Admin.ShowServerAsync(sourceId, ct);
        Assert.Equal("renamed-01", server["name"].Text());
        Assert.Equal(projectId, server["migprojectid"].Text());
        Assert.Equal(53687091200, server["disks"]![0]!["adjust_size"]!.GetValue<long>());
        Assert.True(server["disks"]![0]!["physical_volumes"]![0]!["need_migration"]!.GetValue<bool>());
        Assert.False(server["disks"]![1]!["need_migration"]!.GetValue<bool>());
        Assert.False(server["volume_groups"]![0]!["logical_volumes"]![0]!["need_migration"]!.GetValue<bool>());
        var inProject = await host.Admin.GetJsonAsync($"/v3/sources?migproject={projectId}", ct);
        Assert.Equal([sourceId], inProject["source_servers"]!.AsArray().Select(s => s!["id"].Text()));
    }

    [Fact]
    public async Task UpdateServerNameNamesEveryBadFieldAndUnknownDisk()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await RegisterAsync(host.Admin, SourceWithDisks("bad-upd-01"), ct);
        var shapes = new JsonObject
        {
            ["name"] = "", ["disks"] = new JsonArray(new JsonObject { ["adjust_size"] = -1 }),
            ["volume_groups"] = new JsonArray(new JsonObject { ["id"] = "0", ["logical_volumes"] = new JsonArray(new JsonObject { ["need_migration"] = true }) }),
        };
        var unknown = new JsonObject
        {
            ["disks"] = new JsonArray(new JsonObject { ["id"] = "7" }, new JsonObject { ["id"] = "0", ["physical_volumes"] = new JsonArray(new JsonObject { ["id"] = "9" }) }),
        };

        using var badShapes = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}", shapes, ct);
        using var badIds = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}", unknown, ct);
        using var badProject = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}", new JsonObject { ["migprojectid"] = Guid.NewGuid().ToString() }, ct);

        await badShapes.InvalidAsync(ct, "name", "disks[0].id", "disks[0].adjust_size", "volume_groups[0].logical_volumes[0].id");
        await badIds.InvalidAsync(ct, "disks[0].id", "disks[1].physical_volumes[0].id");
        await badProject.NotFoundAsync(ct);
        Assert.Equal("bad-upd-01", (await host.Admin.ShowServerAsync(sourceId, ct))["name"].Text());
    }

    [Fact]
    public async Task UpdateDiskInfoReplacesTheRegisteredLayout()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await RegisterAsync(host.Admin, SourceWithDisks("diskinfo-01"), ct);
        var body = new JsonObject
        {
            ["disks"] = new JsonArray(new JsonObject { ["name"] = "/dev/sda", ["device_use"] = "OS", ["partition_style"] = "GPT", ["size"] = 1000, ["used_size"] = 10, ["physical_volumes"] = new JsonArray() }),
            ["volumegroups"] = new JsonArray(),
            ["btrfs_list"] = new JsonArray(new JsonObject { ["name"] = "btrfs0", ["size"] = 1000 }),
        };

        using var response = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}/diskinfo", body, ct);

        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
        var server = await host.Admin.ShowServerAsync(sourceId, ct);
        Assert.Equal("/dev/sda", server["disks"]!.AsArray().Single()!["name"].Text());
        Assert.Empty(server["volume_groups"]!.AsArray());
        Assert.Equal("btrfs0", server["btrfs_list"]![0]!["name"].Text());
    }

    [Fact]
    public async Task UpdateDiskInfoNamesEveryBadDisk()
    {
        var ct = TestContext.Current.CancellationToken;
        var sourceId = await RegisterAsync(host.Admin, SourceWithDisks("diskinfo-bad"), ct);
        var body = new JsonObject
        {
            ["disks"] = new JsonArray(new JsonObject { ["device_use"] = "TAPE", ["partition_style"] = "APM", ["size"] = 10, ["used_size"] = 11 }, new JsonObject { ["name"] = "x" }),
            ["volumegroups"] = new JsonArray(new JsonObject()),
        };

        using var response = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}/diskinfo", body, ct);
        using var empty = await host.Admin.PutJsonAsync($"/v3/sources/{sourceId}/diskinfo", new JsonObject(), ct);

        await response.InvalidAsync(ct, "disks[0].name", "disks[0].device_use", "disks[0].partition_style", "disks[0].used_size", "disks[1].size", "volumegroups[0].name");
        await empty.InvalidAsync(ct, "disks");
        Assert.Equal(2, (await host.Admin.ShowServerAsync(sourceId, ct))["disks"]!.AsArray().Count);
    }

    [Fact]
    public async Task AnotherAccountsSourceIsNotFoundForEveryChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var theirs = await RegisterAsync(host.Other, SourceWithDisks("theirs-01"), ct);

        using var rename = await host.Admin.PutJsonAsync($"/v3/sources/{theirs}", new JsonObject { ["name"] = "mine" }, ct);
        using var disks = await host.Admin.PutJsonAsync($"/v3/sources/{theirs}/diskinfo", new JsonObject { ["disks"] = new JsonArray() }, ct);
        using var state = await host.Admin.PutJsonAsync($"/v3/sources/{theirs}/changestate", new JsonObject { ["copystate"] = "waiting" }, ct);

        foreach (var response in new[] { rename, disks, state }) await response.NotFoundAsync(ct);
        Assert.Equal("theirs-01", (await host.Other.ShowServerAsync(theirs, ct))["name"].Text());
    }

    [Fact]
    public async Task TheOverviewCountsTheSourcesOfTheAccountByState()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await host.NewAccountAsync(ct);
        await client.RegisterSourceAsync(ct, "idle");
        var (_, running) = await client.NewSourceAndTaskAsync(ct, "busy");
        await client.ReportOkAsync(running, Api.ProgressBody(), ct);
        var (_, syncing) = await client.NewSourceAndTaskAsync(ct, "sync");
        await client.ReportOkAsync(syncing, Api.ProgressBody(subtask: "SYNC_LINUX_FILE"), ct);
        await client.NewSourceAndTaskAsync(ct, "ready");

        var overview = await client.GetJsonAsync("/v3/sources/overview", ct);

        Assert.Equal(1, overview["waiting"]!.GetValue<int>());
        Assert.Equal(1, overview["replicate"]!.GetValue<int>());
        Assert.Equal(1, overview["replicating"]!.GetValue<int>());
        Assert.Equal(1, overview["syncing"]!.GetValue<int>());
        Assert.Equal(1, overview["initialize"]!.GetValue<int>());
        Assert.Equal(1, overview["other"]!.GetValue<int>());
        Assert.Equal(0, overview["premiging"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListErrorServersShowsFailedMigrationsWithTheirError()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await host.NewAccountAsync(ct);
        var (failedSource, _) = await client.NewSourceAndTaskAsync(ct, "failing", id => Api.TaskBody(id, "failing-migration")
            .With("target_server", new JsonObject { ["vm_id"] = "vm-9", ["name"] = "t", ["ip"] = "10.9.9.9" }));
        var detail = new JsonObject { ["error_code"] = "SMS.0203", ["error_msg"] = "timeout" };
        using (var result = await client.PostJsonAsync($"/v3/sources/{failedSource}/command_result",
            new JsonObject { ["command_name"] = "START", ["result"] = "fail", ["result_detail"] = detail }, ct))
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        await client.NewSourceAndTaskAsync(ct, "fine");

        var errors = await client.GetJsonAsync("/v3/errors?offset=0", ct);

        Assert.Equal(1, errors["count"]!.GetValue<int>());
        var error = errors["migration_errors"]!.AsArray().Single()!;
        Assert.Equal(failedSource, error["source_id"].Text());
        Assert.Equal("failing", error["name"].Text());
        Assert.Equal("10.0.0.5", error["source_ip"].Text());
        Assert.Equal("10.9.9.9", error["target_ip"].Text());
        Assert.Contains("SMS.0203", error["error_json"].Text(), StringComparison.Ordinal);
        Assert.Empty((await client.GetJsonAsync("/v3/errors?offset=1", ct))["migration_errors"]!.AsArray());
    }

    [Fact]
    public async Task ListErrorServersRequiresTheOffsetAndChecksTheRanges()
    {
        var ct = TestContext.Current.CancellationToken;

        using var noOffset = await host.Admin.GetAsync("/v3/errors", ct);
        using var badRanges = await host.Admin.GetAsync("/v3/errors?offset=70000&limit=101", ct);

        await noOffset.InvalidAsync(ct, "offset");
        await badRanges.InvalidAsync(ct, "offset", "limit");
    }

    [Fact]
    public async Task ListServersFiltersByMigrationCycleAndConsistencyResults()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await host.NewAccountAsync(ct);
        var (checkedSource, checkedTask) = await client.NewSourceAndTaskAsync(ct, "checked");
        var (plainSource, _) = await client.NewSourceAndTaskAsync(ct, "plain");
        var upload = new JsonObject { ["consistency_result"] = new JsonArray(new JsonObject
        {
            ["dir_check"] = "/", ["num_total_files"] = 1, ["num_different_files"] = 0, ["num_target_miss_files"] = 0, ["num_target_more_files"] = 0,
        }) };
        (await client.PostJsonAsync($"/v3/tasks/{checkedTask}/consistency-result", upload, ct)).Dispose();
        (await client.PutJsonAsync($"/v3/sources/{plainSource}/changestate", new JsonObject { ["migrationcycle"] = "setting" }, ct)).Dispose();

        async Task<string[]> IdsAsync(string query) =>
            (await client.GetJsonAsync("/v3/sources?" + query, ct))["source_servers"]!.AsArray().Select(s => s!["id"].Text()).ToArray();

        Assert.Equal([checkedSource], await IdsAsync("is_consistency_result_exist=true"));
        Assert.Equal([plainSource], await IdsAsync("is_consistency_result_exist=false"));
        Assert.Equal([plainSource], await IdsAsync("migration_cycle=setting"));
        Assert.Empty(await IdsAsync("migration_cycle=cutovered"));
        using var bad = await client.GetAsync("/v3/sources?migration_cycle=sleeping&is_consistency_result_exist=maybe", ct);
        await bad.InvalidAsync(ct, "migration_cycle", "is_consistency_result_exist");
    }

}
