using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>ListServers: count, paging and filters (reference §1.2, §2.13).</summary>
public sealed class SourceListTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    static JsonObject Source(string name, string ip, string? enterpriseProject = null)
    {
        var body = Api.SourceBody(name, ip);
        if (enterpriseProject is not null) body["enterprise_project_id"] = enterpriseProject;
        return body;
    }

    [Fact]
    public async Task CountIsEveryMatchWhileLimitAndOffsetPage()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await client.RegisterAsync(Source($"node-{i}", $"10.0.1.{i + 1}"), ct));

        var first = await client.GetJsonAsync("/v3/sources?limit=2", ct);
        var second = await client.GetJsonAsync("/v3/sources?limit=2&offset=2", ct);
        var last = await client.GetJsonAsync("/v3/sources?limit=2&offset=4", ct);
        var beyond = await client.GetJsonAsync("/v3/sources?offset=10", ct);

        Assert.All([first, second, last, beyond], page => Assert.Equal(5, page["count"]!.GetValue<int>()));
        Assert.Equal(2, first.Ids("source_servers").Count());
        Assert.Equal(2, second.Ids("source_servers").Count());
        Assert.Single(last.Ids("source_servers"));
        Assert.Empty(beyond.Ids("source_servers"));
        var paged = first.Ids("source_servers").Concat(second.Ids("source_servers")).Concat(last.Ids("source_servers"));
        Assert.Equal(ids.Order(StringComparer.Ordinal), paged.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LimitZeroMeansTheDefaultPage()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        await client.RegisterAsync(Source("a", "10.0.2.1"), ct);
        await client.RegisterAsync(Source("b", "10.0.2.2"), ct);

        var list = await client.GetJsonAsync("/v3/sources?limit=0", ct);

        Assert.Equal(2, list.Ids("source_servers").Count());
    }

    public static TheoryData<string, string[]> Filters => new()
    {
        { "name=web", ["web-01", "web-02"] },
        { "name=01", ["web-01", "db-01"] },
        { "name=nothing", [] },
        { "ip=10.0.3.2", ["web-02"] },
        { "enterprise_project_id=ep-1", ["web-01", "db-01"] },
        { "enterprise_project_id=0", ["web-02"] },
        { "state=initialize", ["db-01"] },
        { "state=waiting", ["web-01", "web-02"] },
        { "state=replicate", [] },
        { "connected=true", ["web-01", "web-02", "db-01"] },
        { "connected=false", [] },
        { "name=web&enterprise_project_id=ep-1", ["web-01"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task FiltersSelectTheMatchingSourcesAndCountThem(string query, string[] expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        await client.RegisterAsync(Source("web-01", "10.0.3.1", "ep-1"), ct);
        await client.RegisterAsync(Source("web-02", "10.0.3.2"), ct);
        var db = await client.RegisterAsync(Source("db-01", "10.0.3.3", "ep-1"), ct);
        await client.CreateTaskAsync(db, ct, Kit.Unique("task"));

        var list = await client.GetJsonAsync($"/v3/sources?{query}", ct);

        var names = list["source_servers"]!.AsArray().Select(s => s!["name"]!.GetValue<string>());
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Length, list["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheIdFilterSelectsOneSource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var wanted = await client.RegisterAsync(Source("a", "10.0.4.1"), ct);
        await client.RegisterAsync(Source("b", "10.0.4.2"), ct);

        var list = await client.GetJsonAsync($"/v3/sources?id={wanted}", ct);

        Assert.Equal([wanted], list.Ids("source_servers"));
    }

    [Theory]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("state=RUNNING", "state")]
    [InlineData("connected=maybe", "connected")]
    public async Task ABadQueryParameterIs400SMS9001NamingIt(string query, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.GetAsync($"/v3/sources?{query}", ct);

        await response.AssertInvalidAsync(ct, field);
    }

    [Fact]
    public async Task SeveralBadQueryParametersAreNamedTogether()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.GetAsync("/v3/sources?limit=500&offset=x&state=bogus", ct);

        await response.AssertInvalidAsync(ct, "limit", "offset", "state");
    }
}
