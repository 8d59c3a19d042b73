using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>RegisterServer and ShowServer (reference §1.2, §2.13).</summary>
public sealed class SourceRegistrationTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    /// <summary>Each row edits a valid body (null removes the field) and names the fields it must be refused for.</summary>
    public static TheoryData<string, string?, string[]> InvalidBodies => new()
    {
        { "name", null, ["name"] },
        { "name", "\"\"", ["name"] },
        { "os_type", null, ["os_type"] },
        { "os_type", "\"SOLARIS\"", ["os_type"] },
        { "os_type", "\"linux\"", ["os_type"] },
        { "os_version", null, ["os_version"] },
        { "agent_version", null, ["agent_version"] },
        { "networks", null, ["networks"] },
        { "networks", """[{"ip":"10.0.0.5","name":"eth0"}]""", ["networks.mac"] },
        { "ip", null, ["ip"] },
        { "ip", "\"\"", ["ip"] },
        { "ip", "\"10.0.0.256\"", ["ip"] },
        { "ip", "\"fe80::1\"", ["ip"] },
        { "ip", "\"10\"", ["ip"] },
        { "ip", "\"10.1.2\"", ["ip"] },
        { "ipv6", "\"10.0.0.7\"", ["ipv6"] },
        { "firmware", "\"CSM\"", ["firmware"] },
        { "state", "\"sleeping\"", ["state"] },
        { "cpu_quantity", "-1", ["cpu_quantity"] },
        { "enterprise_project_id", "\"\"", ["enterprise_project_id"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task AnInvalidRegistrationIs400SMS9001NamingTheField(string field, string? json, string[] expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var body = Api.SourceBody(Kit.Unique("src"));
        if (json is null) body.Remove(field);
        else body[field] = JsonNode.Parse(json);

        using var response = await client.PostAsJsonAsync("/v3/sources", body, ct);

        await response.AssertInvalidAsync(ct, expected);
        Assert.Equal(0, (await client.GetJsonAsync("/v3/sources", ct))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ARegistrationMissingEverythingNamesEveryMandatoryField()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.PostAsync("/v3/sources", Api.RawJson("{}"), ct);

        await response.AssertInvalidAsync(ct, "name", "os_type", "os_version", "agent_version", "networks", "ip");
    }

    [Theory]
    [InlineData("10.0.0.9", null)]
    [InlineData(null, "fd00::9")]
    [InlineData("10.0.0.9", "fd00::9")]
    public async Task EitherAnIpv4OrAnIpv6AddressIsEnough(string? ip, string? ipv6)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var body = Api.SourceBody(Kit.Unique("src"));
        body.Remove("ip");
        if (ip is not null) body["ip"] = ip;
        if (ipv6 is not null) body["ipv6"] = ipv6;

        var id = await client.RegisterAsync(body, ct);

        var source = await client.GetJsonAsync($"/v3/sources/{id}", ct);
        Assert.Equal(ip, source["ip"]?.GetValue<string>());
        Assert.Equal(ipv6, source["ipv6"]?.GetValue<string>());
    }

    [Fact]
    public async Task ShowServerReturnsWhatTheAgentRegisteredPlusStateConnectedAndAddDate()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = Api.SourceBody("db-01", "10.1.2.3");
        body["hostname"] = "db-01.internal";
        body["firmware"] = "UEFI";
        body["cpu_quantity"] = 8;
        body["memory"] = 16384;
        body["disks"] = new JsonArray(new JsonObject
        {
            ["name"] = "/dev/vda", ["size"] = 53687091200L, ["device_use"] = "BOOT", ["partition_style"] = "GPT",
            ["physical_volumes"] = new JsonArray(new JsonObject { ["mount_point"] = "/", ["file_system"] = "ext4", ["size"] = 53687091200L }),
        });

        var id = await client.RegisterAsync(body, ct);
        var source = await client.GetJsonAsync($"/v3/sources/{id}", ct);

        Assert.Equal(id, source["id"]!.GetValue<string>());
        Assert.Equal("db-01", source["name"]!.GetValue<string>());
        Assert.Equal("10.1.2.3", source["ip"]!.GetValue<string>());
        Assert.Equal("LINUX", source["os_type"]!.GetValue<string>());
        Assert.Equal("Ubuntu 22.04", source["os_version"]!.GetValue<string>());
        Assert.Equal("25.1.0", source["agent_version"]!.GetValue<string>());
        Assert.Equal("db-01.internal", source["hostname"]!.GetValue<string>());
        Assert.Equal("UEFI", source["firmware"]!.GetValue<string>());
        Assert.Equal(8, source["cpu_quantity"]!.GetValue<int>());
        Assert.Equal(16384, source["memory"]!.GetValue<long>());
        // ShowServer numbers each disk and volume ("id") so UpdateServerName can address them; the rest is as registered.
        Assert.True(JsonNode.DeepEquals(body["disks"], WithoutIds(source["disks"])), source["disks"]?.ToJsonString());
        Assert.True(JsonNode.DeepEquals(body["networks"], source["networks"]), source["networks"]?.ToJsonString());
        Assert.Equal("waiting", source["state"]!.GetValue<string>());
        Assert.True(source["connected"]!.GetValue<bool>());
        Assert.Equal("0", source["enterprise_project_id"]!.GetValue<string>());
        Assert.InRange(source["add_date"]!.GetValue<long>(), before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
        Assert.Null(source["current_task"]?.ToJsonString());
    }

    [Fact]
    public async Task ASourceWithATaskShowsTheTaskAsCurrentTaskAndItsStateAsTheSourceState()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.MigrationInStateAsync("RUNNING", ct);

        var source = await client.GetJsonAsync($"/v3/sources/{m.SourceId}", ct);

        Assert.Equal("replicate", source["state"]!.GetValue<string>());
        Assert.Equal(m.TaskId, source["current_task"]!["id"]!.GetValue<string>());
        Assert.Equal("RUNNING", source["current_task"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReRegisteringWithTheReturnedIdUpdatesTheSameSource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var id = await client.RegisterAsync(Api.SourceBody("before", "10.0.0.1"), ct);
        var first = await client.GetJsonAsync($"/v3/sources/{id}", ct);
        var again = Api.SourceBody("after", "10.0.0.2");
        again["id"] = id;
        again["agent_version"] = "25.2.0";

        var secondId = await client.RegisterAsync(again, ct);

        Assert.Equal(id, secondId);
        var list = await client.GetJsonAsync("/v3/sources", ct);
        Assert.Equal(1, list["count"]!.GetValue<int>());
        var source = await client.GetJsonAsync($"/v3/sources/{id}", ct);
        Assert.Equal("after", source["name"]!.GetValue<string>());
        Assert.Equal("10.0.0.2", source["ip"]!.GetValue<string>());
        Assert.Equal("25.2.0", source["agent_version"]!.GetValue<string>());
        Assert.Equal(first["add_date"]!.GetValue<long>(), source["add_date"]!.GetValue<long>());
    }

    [Fact]
    public async Task ReRegisteringKeepsTheTaskOfTheSource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var m = await client.NewMigrationAsync(ct);
        var again = Api.SourceBody(Kit.Unique("src"));
        again["id"] = m.SourceId;

        await client.RegisterAsync(again, ct);

        var source = await client.GetJsonAsync($"/v3/sources/{m.SourceId}", ct);
        Assert.Equal(m.TaskId, source["current_task"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReRegisteringWithAnEnterpriseProjectMovesTheSource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var body = Api.SourceBody(Kit.Unique("src"));
        body["enterprise_project_id"] = "ep-1";
        var id = await client.RegisterAsync(body, ct);
        body["id"] = id;
        body["enterprise_project_id"] = "ep-2";

        await client.RegisterAsync(body, ct);

        var source = await client.GetJsonAsync($"/v3/sources/{id}", ct);
        Assert.Equal("ep-2", source["enterprise_project_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReRegisteringWithAnUnknownIdCreatesANewSource()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);
        var body = Api.SourceBody(Kit.Unique("src"));
        body["id"] = "made-up-id";

        var id = await client.RegisterAsync(body, ct);

        Assert.NotEqual("made-up-id", id);
        Assert.Equal([id], (await client.GetJsonAsync("/v3/sources", ct)).Ids("source_servers"));
    }

    [Fact]
    public async Task ShowServerOfAnUnknownIdIs404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.TenantClientAsync(ct);

        using var response = await client.GetAsync("/v3/sources/no-such-source", ct);

        await response.AssertErrorAsync(System.Net.HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    static JsonNode? WithoutIds(JsonNode? node)
    {
        var copy = node?.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                o.Remove("id");
                foreach (var (_, child) in o) Strip(child);
            }
            else if (n is JsonArray a)
            {
                foreach (var child in a) Strip(child);
            }
        }
    }
}
