using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>ShowConfigSetting and UploadSpecialConfigurationSetting, and special_config on ShowTask.</summary>
public sealed class ConfigSettingTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    static JsonObject Setting(string key, string value, string? status = null)
    {
        var o = new JsonObject { ["config_key"] = key, ["config_value"] = value };
        if (status is not null) o["config_status"] = status;
        return o;
    }

    static JsonObject Upload(params JsonObject[] settings) => new() { ["configurations"] = new JsonArray(settings) };

    static string PathOf(string taskId) => $"/v3/tasks/{taskId}/configuration-setting";

    [Fact]
    public async Task UploadedSettingsAreShownWithTheTasksMigrateType()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.PostAsync(PathOf(taskId),
            Api.RawJson(Upload(Setting("MIGRATE_EXCLUDE_DIR", "/tmp,/var/cache"), Setting("LINUX_CPU_LIMIT", "50", "ON")).ToJsonString(), "application/json;charset=UTF-8"), ct);

        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
        var shown = await host.Admin.GetJsonAsync(PathOf(taskId), ct);
        Assert.Equal(taskId, shown["task_id"].Text());
        Assert.Equal("LINUX_MIGRATE_FILE", shown["migrate_type"].Text());
        var configs = shown["configurations"]!.AsArray();
        Assert.Equal(["MIGRATE_EXCLUDE_DIR", "LINUX_CPU_LIMIT"], configs.Select(c => c!["config_key"].Text()));
        Assert.Equal("ON", configs[1]!["config_status"].Text());
        var special = (await host.Admin.ShowTaskAsync(taskId, ct))["special_config"]!.AsArray();
        Assert.Equal("/tmp,/var/cache", special[0]!["config_value"].Text());
    }

    [Fact]
    public async Task AnUploadSetsTheKeysItNamesAndKeepsTheOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        (await host.Admin.PostJsonAsync(PathOf(taskId), Upload(Setting("SYNC_EXCLUDE_DIR", "/a"), Setting("DYNAMIC_PORT", "true")), ct)).Dispose();

        (await host.Admin.PostJsonAsync(PathOf(taskId), Upload(Setting("SYNC_EXCLUDE_DIR", "/b")), ct)).Dispose();

        var configs = (await host.Admin.GetJsonAsync(PathOf(taskId), ct))["configurations"]!.AsArray();
        Assert.Equal(2, configs.Count);
        Assert.Equal("/b", configs.Single(c => c!["config_key"].Text() == "SYNC_EXCLUDE_DIR")!["config_value"].Text());
    }

    [Fact]
    public async Task ConfigKeyNarrowsTheAnswerToOneSetting()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        (await host.Admin.PostJsonAsync(PathOf(taskId), Upload(Setting("ONLY_SYNC_DIR", "/srv"), Setting("INSTALL_PWD_AGENT", "false")), ct)).Dispose();

        var shown = await host.Admin.GetJsonAsync(PathOf(taskId) + "?config_key=INSTALL_PWD_AGENT", ct);

        Assert.Equal("false", shown["configurations"]!.AsArray().Single()!["config_value"].Text());
    }

    [Theory]
    [InlineData("WINDOWS", "MIGRATE_BLOCK", "WINDOWS_MIGRATE_BLOCK")]
    [InlineData("LINUX", "MIGRATE_BLOCK", "LINUX_MIGRATE_BLOCK")]
    [InlineData("LINUX", "MIGRATE_FILE", "LINUX_MIGRATE_FILE")]
    public async Task TheMigrateTypeFollowsTheTasksOsAndType(string os, string type, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, taskBody: id => Api.TaskBody(id).With("os_type", os).With("type", type));

        var shown = await host.Admin.GetJsonAsync(PathOf(taskId), ct);

        Assert.Equal(expected, shown["migrate_type"].Text());
        Assert.Empty(shown["configurations"]!.AsArray());
    }

    [Fact]
    public async Task EveryBadSettingIsNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var body = Upload(Setting("NOT_A_KEY", "x"), new JsonObject { ["config_key"] = "LINUX_IO_LIMIT" }, Setting("NUM_PROCESS_SYNC", "4", new string('s', 256)));

        using var response = await host.Admin.PostJsonAsync(PathOf(taskId), body, ct);
        using var empty = await host.Admin.PostJsonAsync(PathOf(taskId), Upload(), ct);
        using var badKey = await host.Admin.GetAsync(PathOf(taskId) + "?config_key=nope", ct);

        await response.InvalidAsync(ct, "configurations[0].config_key", "configurations[1].config_value", "configurations[2].config_status");
        await empty.InvalidAsync(ct, "configurations");
        await badKey.InvalidAsync(ct, "config_key");
        Assert.Empty((await host.Admin.GetJsonAsync(PathOf(taskId), ct))["configurations"]!.AsArray());
    }

    [Fact]
    public async Task AnotherAccountsTaskIsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var theirs = await host.Other.NewTaskAsync(ct, "other-web");

        using var read = await host.Admin.GetAsync(PathOf(theirs), ct);
        using var write = await host.Admin.PostJsonAsync(PathOf(theirs), Upload(Setting("DYNAMIC_PORT", "true")), ct);

        await read.NotFoundAsync(ct);
        await write.NotFoundAsync(ct);
        Assert.Empty((await host.Other.GetJsonAsync(PathOf(theirs), ct))["configurations"]!.AsArray());
    }
}
