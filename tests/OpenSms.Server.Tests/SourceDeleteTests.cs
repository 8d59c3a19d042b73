using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>DeleteServer and DeleteServers (POST /v3/sources/delete).</summary>
public sealed class SourceDeleteTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    static JsonObject Ids(params string[] ids) => new() { ["ids"] = new JsonArray(ids.Select(i => (JsonNode?)i).ToArray()) };

    [Fact]
    public async Task DeleteServerRemovesTheSource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var id = await client.RegisterAsync(Api.SourceBody(Kit.Unique("src")), ct);

        using var deleted = await client.DeleteAsync($"/v3/sources/{id}", ct);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", await deleted.Content.ReadAsStringAsync(ct));
        using var shown = await client.GetAsync($"/v3/sources/{id}", ct);
        await shown.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Fact]
    public async Task DeleteServerOfAnUnknownIdIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var deleted = await client.DeleteAsync("/v3/sources/no-such-source", ct);

        await deleted.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Theory]
    [InlineData("RUNNING")]
    [InlineData("SYNCING")]
    [InlineData("ABORTING")]
    public async Task DeleteServerIsRefusedWith409WhileItsTaskIsActive(string state)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync(state, ct);

        using var deleted = await client.DeleteAsync($"/v3/sources/{m.SourceId}", ct);
        using var batch = await client.PostAsJsonAsync("/v3/sources/delete", Ids(m.SourceId), ct);

        var error = await deleted.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Contains(state, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        await batch.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Equal(state, await client.StateAsync(m.TaskId, ct));
    }

    [Theory]
    [InlineData("READY")]
    [InlineData("ABORT")]
    [InlineData("MIGRATE_SUCCESS")]
    [InlineData("MIGRATE_FAIL")]
    public async Task DeleteServerOfASourceWhoseTaskIsIdleDeletesTheTaskToo(string state)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync(state, ct);

        using var deleted = await client.DeleteAsync($"/v3/sources/{m.SourceId}", ct);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var task = await client.GetAsync($"/v3/tasks/{m.TaskId}", ct);
        await task.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Fact]
    public async Task BatchDeleteRemovesEveryListedSource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var a = await client.RegisterAsync(Api.SourceBody("a"), ct);
        var b = await client.RegisterAsync(Api.SourceBody("b"), ct);
        var kept = await client.RegisterAsync(Api.SourceBody("kept"), ct);

        using var deleted = await client.PostAsJsonAsync("/v3/sources/delete", Ids(a, b), ct);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal([kept], (await client.GetJsonAsync("/v3/sources", ct)).Ids("source_servers"));
    }

    [Fact]
    public async Task BatchDeleteIsAllOrNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var idle = await client.RegisterAsync(Api.SourceBody("idle"), ct);
        var busy = await client.MigrationInStateAsync("RUNNING", ct);

        using var withUnknown = await client.PostAsJsonAsync("/v3/sources/delete", Ids(idle, "no-such-source"), ct);
        using var withBusy = await client.PostAsJsonAsync("/v3/sources/delete", Ids(idle, busy.SourceId), ct);

        await withUnknown.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        await withBusy.AssertErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Equal(2, (await client.GetJsonAsync("/v3/sources", ct))["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"ids":[]}""")]
    [InlineData("""{"ids":[""]}""")]
    public async Task BatchDeleteWithoutIdsIs400SMS9001(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.PostAsync("/v3/sources/delete", Api.RawJson(body), ct);

        await response.AssertInvalidAsync(ct, "ids");
    }
}
