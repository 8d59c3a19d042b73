using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server.Tests;

/// <summary>Target VM templates: CRUD, batch delete, and the target password kept sealed.</summary>
public sealed class TemplateTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    static JsonObject Template(string name, string? password = "Target-pass-1!") => new()
    {
        ["template"] = new JsonObject
        {
            ["name"] = name, ["is_template"] = true, ["region"] = "cn-north-4", ["projectid"] = "p-1",
            ["target_server_name"] = name + "-vm", ["availability_zone"] = "cn-north-4a", ["volumetype"] = "SSD", ["flavor"] = "s6.large.2",
            ["vpc"] = new JsonObject { ["id"] = "autoCreate", ["name"] = "vpc-auto", ["cidr"] = "192.168.0.0/16" },
            ["nics"] = new JsonArray(new JsonObject { ["id"] = "autoCreate", ["name"] = "subnet-auto", ["cidr"] = "192.168.0.0/24", ["ip"] = "192.168.0.10" }),
            ["security_groups"] = new JsonArray(new JsonObject { ["id"] = "autoCreate", ["name"] = "sg-auto" }),
            ["publicip"] = new JsonObject { ["type"] = "5_bgp", ["bandwidth_size"] = 100 },
            ["disk"] = new JsonArray(new JsonObject { ["index"] = 0, ["name"] = "disk0", ["disktype"] = "SSD", ["size"] = 40, ["device_use"] = "BOOT" }),
            ["data_volume_type"] = "SAS", ["target_password"] = password,
        },
    };

    static async Task<string> CreateAsync(HttpClient client, JsonObject body, CancellationToken ct)
    {
        using var response = await client.PostJsonAsync("/v3/vm/templates", body, ct);
        return (await response.OkJsonAsync(ct))["id"].Text();
    }

    [Fact]
    public async Task ATemplateIsShownAsSentButWithoutItsPassword()
    {
        var ct = TestContext.Current.CancellationToken;

        var id = await CreateAsync(host.Admin, Template("tpl-show"), ct);

        var shown = (await host.Admin.GetJsonAsync($"/v3/vm/templates/{id}", ct))["template"]!.AsObject();
        Assert.Equal(id, shown["id"].Text());
        Assert.Equal("tpl-show", shown["name"].Text());
        Assert.Equal("true", shown["is_template"].Text());
        Assert.Equal("s6.large.2", shown["flavor"].Text());
        Assert.Equal("192.168.0.10", shown["nics"]![0]!["ip"].Text());
        Assert.Equal(40, shown["disk"]![0]!["size"]!.GetValue<int>());
        Assert.Equal("", shown["target_password"].Text());
    }

    [Fact]
    public async Task TheTargetPasswordIsReturnedOnlyByItsOwnCallAndStoredSealed()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await CreateAsync(host.Admin, Template("tpl-secret", "S3cret-target!"), ct);

        var password = await host.Admin.GetJsonAsync($"/v3/vm/templates/{id}/target-password", ct);

        Assert.Equal(id, password["template_id"].Text());
        Assert.Equal("S3cret-target!", password["target_password"].Text());
        await using var c = await host.App.Services.GetRequiredService<SqliteDb>().OpenAsync(ct);
        var row = await c.QuerySingleAsync<(string Json, string Sealed)>("SELECT template_json, target_password_enc FROM vm_templates WHERE id = @id", new { id });
        Assert.DoesNotContain("S3cret-target!", row.Json + row.Sealed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATemplateWithoutAPasswordHasAnEmptyOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await CreateAsync(host.Admin, Template("tpl-nopass", null), ct);

        Assert.Equal("", (await host.Admin.GetJsonAsync($"/v3/vm/templates/{id}/target-password", ct))["target_password"].Text());
    }

    [Fact]
    public async Task AnUpdateChangesWhatItSendsAndKeepsThePasswordUnlessItSendsOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await CreateAsync(host.Admin, Template("tpl-upd", "First-pass-1!"), ct);

        using var first = await host.Admin.PutJsonAsync($"/v3/vm/templates/{id}", new JsonObject { ["template"] = new JsonObject { ["flavor"] = "c7.xlarge.2", ["target_password"] = "" } }, ct);
        Assert.Equal("{}", await first.Content.ReadAsStringAsync(ct));
        var shown = (await host.Admin.GetJsonAsync($"/v3/vm/templates/{id}", ct))["template"]!;
        Assert.Equal("c7.xlarge.2", shown["flavor"].Text());
        Assert.Equal("tpl-upd", shown["name"].Text());
        Assert.Equal("First-pass-1!", (await host.Admin.GetJsonAsync($"/v3/vm/templates/{id}/target-password", ct))["target_password"].Text());

        (await host.Admin.PutJsonAsync($"/v3/vm/templates/{id}", new JsonObject { ["template"] = new JsonObject { ["target_password"] = "Second-pass-2!" } }, ct)).Dispose();

        Assert.Equal("Second-pass-2!", (await host.Admin.GetJsonAsync($"/v3/vm/templates/{id}/target-password", ct))["target_password"].Text());
    }

    [Fact]
    public async Task TheListFiltersAndPages()
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var a = await CreateAsync(host.Admin, Template($"list-{tag}-a"), ct);
        var b = await CreateAsync(host.Admin, Template($"list-{tag}-b"), ct);
        var elsewhere = Template($"list-{tag}-c");
        elsewhere["template"]!["availability_zone"] = "cn-north-4b";
        var c = await CreateAsync(host.Admin, elsewhere, ct);

        var byName = await host.Admin.GetJsonAsync($"/v3/vm/templates?name=list-{tag}", ct);
        var byZone = await host.Admin.GetJsonAsync($"/v3/vm/templates?name=list-{tag}&availability_zone=cn-north-4b", ct);
        var page = await host.Admin.GetJsonAsync($"/v3/vm/templates?name=list-{tag}&limit=1&offset=1", ct);
        var byId = await host.Admin.GetJsonAsync($"/v3/vm/templates?id={a}", ct);

        Assert.Equal(3, byName["count"]!.GetValue<int>());
        Assert.Equal([c], byZone["templates"]!.AsArray().Select(t => t!["id"].Text()));
        Assert.Equal(3, page["count"]!.GetValue<int>());
        // Newest first; templates made in the same millisecond fall in their ids' order, which a
        // version-7 id does not make the creation order, so the page is checked against the list.
        var listed = byName["templates"]!.AsArray().Select(t => t!["id"].Text()).ToList();
        Assert.Equal(new[] { a, b, c }.Order(), listed.Order());
        Assert.Equal([listed[1]], page["templates"]!.AsArray().Select(t => t!["id"].Text()));
        Assert.Equal([a], byId["templates"]!.AsArray().Select(t => t!["id"].Text()));
        Assert.All(byName["templates"]!.AsArray(), t => Assert.Equal("", t!["target_password"].Text()));
    }

    [Fact]
    public async Task EveryBadFieldIsNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Template("bad name!");
        var t = body["template"]!.AsObject();
        t["volumetype"] = "FLOPPY";
        t["vpc"] = new JsonObject { ["name"] = "no-id" };
        t["nics"] = new JsonArray(new JsonObject { ["id"] = "n", ["name"] = "n", ["cidr"] = "c", ["ip"] = "not-an-ip" }, new JsonObject { ["name"] = "x" });
        t["publicip"] = new JsonObject { ["type"] = "5_bgp", ["bandwidth_size"] = 0 };
        t["disk"] = new JsonArray(new JsonObject { ["index"] = -1, ["name"] = "d", ["disktype"] = "SSD" });

        using var response = await host.Admin.PostJsonAsync("/v3/vm/templates", body, ct);
        using var missing = await host.Admin.PostJsonAsync("/v3/vm/templates", new JsonObject(), ct);
        using var badPage = await host.Admin.GetAsync("/v3/vm/templates?limit=101", ct);

        await response.InvalidAsync(ct, "template.name", "template.volumetype", "template.vpc.id", "template.nics[0].ip",
            "template.nics[1].id", "template.nics[1].cidr", "template.publicip.bandwidth_size", "template.disk[0].index", "template.disk[0].size");
        await missing.InvalidAsync(ct, "template");
        await badPage.InvalidAsync(ct, "limit");
    }

    [Fact]
    public async Task ABatchDeleteRemovesAllOrNone()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = await CreateAsync(host.Admin, Template("del-a"), ct);
        var b = await CreateAsync(host.Admin, Template("del-b"), ct);
        var theirs = await CreateAsync(host.Other, Template("del-theirs"), ct);

        using var refused = await host.Admin.PostJsonAsync("/v3/vm/templates/delete", new JsonObject { ["ids"] = new JsonArray(a, theirs) }, ct);
        Assert.Equal(a, (await host.Admin.GetJsonAsync($"/v3/vm/templates/{a}", ct))["template"]!["id"].Text());
        using var deleted = await host.Admin.PostJsonAsync("/v3/vm/templates/delete", new JsonObject { ["ids"] = new JsonArray(a, b) }, ct);
        using var empty = await host.Admin.PostJsonAsync("/v3/vm/templates/delete", new JsonObject { ["ids"] = new JsonArray() }, ct);

        var error = await refused.NotFoundAsync(ct);
        Assert.Contains(theirs, error["error_msg"].Text(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await empty.InvalidAsync(ct, "ids");
        using var gone = await host.Admin.GetAsync($"/v3/vm/templates/{b}", ct);
        await gone.NotFoundAsync(ct);
        await (await host.Other.GetAsync($"/v3/vm/templates/{theirs}", ct)).OkJsonAsync(ct);
    }

    [Fact]
    public async Task AnotherAccountsTemplateIsNotFoundForEveryCall()
    {
        var ct = TestContext.Current.CancellationToken;
        var theirs = await CreateAsync(host.Other, Template("theirs"), ct);

        using var show = await host.Admin.GetAsync($"/v3/vm/templates/{theirs}", ct);
        using var password = await host.Admin.GetAsync($"/v3/vm/templates/{theirs}/target-password", ct);
        using var update = await host.Admin.PutJsonAsync($"/v3/vm/templates/{theirs}", Template("mine"), ct);
        using var delete = await host.Admin.DeleteAsync($"/v3/vm/templates/{theirs}", ct);

        foreach (var response in new[] { show, password, update, delete }) await response.NotFoundAsync(ct);
        Assert.Equal("theirs", (await host.Other.GetJsonAsync($"/v3/vm/templates/{theirs}", ct))["template"]!["name"].Text());
    }
}
