using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>Migration projects: CRUD, the default project, and which sources a project holds.</summary>
public sealed class MigProjectTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    static JsonObject Project(string name) => new()
    {
        ["name"] = name, ["description"] = "wave " + name, ["region"] = "cn-north-4", ["type"] = "MIGRATE_FILE",
        ["use_public_ip"] = false, ["exist_server"] = false, ["syncing"] = true, ["speed_limit"] = 300,
    };

    static async Task<string> CreateAsync(HttpClient client, JsonObject body, CancellationToken ct)
    {
        using var response = await client.PostJsonAsync("/v3/migprojects", body, ct);
        return (await response.OkJsonAsync(ct))["id"].Text();
    }

    static async Task<JsonObject> DefaultOfAsync(HttpClient client, CancellationToken ct) =>
        (await client.GetJsonAsync("/v3/migprojects", ct))["migprojects"]!.AsArray().Single(p => p!["isdefault"]!.GetValue<bool>())!.AsObject();

    [Fact]
    public async Task EveryAccountHasADefaultProject()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await host.NewAccountAsync(ct);

        var list = await client.GetJsonAsync("/v3/migprojects", ct);

        var project = list["migprojects"]!.AsArray().Single()!;
        Assert.Equal(1, list["count"]!.GetValue<int>());
        Assert.True(project["isdefault"]!.GetValue<bool>());
        Assert.Equal("default", project["name"].Text());
        Assert.Equal("opensms-1", project["region"].Text());
    }

    [Fact]
    public async Task ACreatedProjectIsShownWithItsFieldsAndDefaults()
    {
        var ct = TestContext.Current.CancellationToken;

        var id = await CreateAsync(host.Admin, Project("wave-1"), ct);

        var shown = await host.Admin.GetJsonAsync($"/v3/migprojects/{id}", ct);
        Assert.Equal("wave-1", shown["name"].Text());
        Assert.Equal("wave wave-1", shown["description"].Text());
        Assert.Equal("MIGRATE_FILE", shown["type"].Text());
        Assert.False(shown["isdefault"]!.GetValue<bool>());
        Assert.False(shown["use_public_ip"]!.GetValue<bool>());
        Assert.True(shown["syncing"]!.GetValue<bool>());
        Assert.True(shown["start_target_server"]!.GetValue<bool>());
        Assert.Equal(300, shown["speed_limit"]!.GetValue<int>());
        Assert.Equal("default", shown["enterprise_project"].Text());
        Assert.Contains((await host.Admin.GetJsonAsync("/v3/migprojects", ct))["migprojects"]!.AsArray(), p => p!["id"].Text() == id);
    }

    [Fact]
    public async Task EveryBadFieldIsNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = new JsonObject { ["name"] = new string('n', 101), ["description"] = new string('d', 256), ["speed_limit"] = 1001, ["type"] = "MIGRATE_ALL" };

        using var response = await host.Admin.PostJsonAsync("/v3/migprojects", body, ct);
        using var update = await host.Admin.PutJsonAsync($"/v3/migprojects/{(await DefaultOfAsync(host.Admin, ct))["id"].Text()}",
            new JsonObject { ["name"] = "", ["type"] = "x" }, ct);
        using var badPage = await host.Admin.GetAsync("/v3/migprojects?limit=101&offset=-1", ct);

        await response.InvalidAsync(ct, "name", "description", "region", "speed_limit", "type");
        await update.InvalidAsync(ct, "name", "type");
        await badPage.InvalidAsync(ct, "limit", "offset");
    }

    [Fact]
    public async Task ProjectNamesAreUniqueInAnAccountOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAsync(host.Admin, Project("unique-1"), ct);

        using var again = await host.Admin.PostJsonAsync("/v3/migprojects", Project("unique-1"), ct);
        var elsewhere = await CreateAsync(host.Other, Project("unique-1"), ct);

        var error = await again.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Equal(["name"], error.ErrorParams());
        Assert.NotEmpty(elsewhere);
    }

    [Fact]
    public async Task AnUpdateChangesTheFieldsItSendsAndKeepsTheRest()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await CreateAsync(host.Admin, Project("wave-2"), ct);

        using var response = await host.Admin.PutJsonAsync($"/v3/migprojects/{id}", new JsonObject { ["name"] = "wave-2b", ["speed_limit"] = 0 }, ct);

        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
        var shown = await host.Admin.GetJsonAsync($"/v3/migprojects/{id}", ct);
        Assert.Equal("wave-2b", shown["name"].Text());
        Assert.Equal(0, shown["speed_limit"]!.GetValue<int>());
        Assert.Equal("MIGRATE_FILE", shown["type"].Text());
    }

    [Fact]
    public async Task TheDefaultMovesAndItsSourcesStayWhereTheyWere()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await host.NewAccountAsync(ct);
        var oldDefault = (await DefaultOfAsync(client, ct))["id"].Text();
        var earlier = await client.RegisterSourceAsync(ct, "earlier");
        var next = await CreateAsync(client, Project("next"), ct);

        using var response = await client.PutAsync($"/v3/migprojects/{next}/default", null, ct);
        var later = await client.RegisterSourceAsync(ct, "later");

        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(next, (await DefaultOfAsync(client, ct))["id"].Text());
        Assert.Equal([earlier], await SourcesInAsync(client, oldDefault, ct));
        Assert.Equal([later], await SourcesInAsync(client, next, ct));
    }

    [Fact]
    public async Task TheDefaultProjectCannotBeDeletedAndAnotherProjectsSourcesReturnToTheDefault()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await host.NewAccountAsync(ct);
        var defaultId = (await DefaultOfAsync(client, ct))["id"].Text();
        var doomed = await CreateAsync(client, Project("doomed"), ct);
        var sourceId = await client.RegisterSourceAsync(ct);
        (await client.PutJsonAsync($"/v3/sources/{sourceId}", new JsonObject { ["migprojectid"] = doomed }, ct)).Dispose();
        Assert.Equal([sourceId], await SourcesInAsync(client, doomed, ct));

        using var refused = await client.DeleteAsync($"/v3/migprojects/{defaultId}", ct);
        using var deleted = await client.DeleteAsync($"/v3/migprojects/{doomed}", ct);

        await refused.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await client.GetAsync($"/v3/migprojects/{doomed}", ct);
        await gone.NotFoundAsync(ct);
        Assert.Equal([sourceId], await SourcesInAsync(client, defaultId, ct));
    }

    [Fact]
    public async Task AnotherAccountsProjectIsNotFoundForEveryCall()
    {
        var ct = TestContext.Current.CancellationToken;
        var theirs = await CreateAsync(host.Other, Project("theirs-" + Guid.NewGuid().ToString("N")[..6]), ct);

        using var show = await host.Admin.GetAsync($"/v3/migprojects/{theirs}", ct);
        using var update = await host.Admin.PutJsonAsync($"/v3/migprojects/{theirs}", new JsonObject { ["name"] = "mine" }, ct);
        using var setDefault = await host.Admin.PutAsync($"/v3/migprojects/{theirs}/default", null, ct);
        using var delete = await host.Admin.DeleteAsync($"/v3/migprojects/{theirs}", ct);

        foreach (var response in new[] { show, update, setDefault, delete }) await response.NotFoundAsync(ct);
        Assert.False((await host.Other.GetJsonAsync($"/v3/migprojects/{theirs}", ct))["isdefault"]!.GetValue<bool>());
    }

    static async Task<string[]> SourcesInAsync(HttpClient client, string projectId, CancellationToken ct) =>
        (await client.GetJsonAsync($"/v3/sources?migproject={projectId}", ct))["source_servers"]!.AsArray().Select(s => s!["id"].Text()).ToArray();

}
