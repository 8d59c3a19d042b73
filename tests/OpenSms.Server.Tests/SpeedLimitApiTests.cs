using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>GET|POST /v3/tasks/{task_id}/speed-limit: validation, the round trip, and who may see a task's limits.</summary>
public sealed class SpeedLimitApiTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    [Theory]
    [InlineData("""{}""", "speed_limit")]
    [InlineData("""{"speed_limit":null}""", "speed_limit")]
    [InlineData("""{"speed_limit":[null]}""", "speed_limit[0]")]
    [InlineData("""{"speed_limit":[{"end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"08:00"}]}""", "speed_limit[0].end")]
    [InlineData("""{"speed_limit":[{"start":"8:00","end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"24:00","end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"12:60"}]}""", "speed_limit[0].end")]
    [InlineData("""{"speed_limit":[{"start":"08:00:00","end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"08:00"}]}""", "speed_limit[0].end")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","speed":1001}]}""", "speed_limit[0].speed")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","speed":-1}]}""", "speed_limit[0].speed")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","over_speed_threshold":9.9}]}""", "speed_limit[0].over_speed_threshold")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","over_speed_threshold":100.5}]}""", "speed_limit[0].over_speed_threshold")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","days":[]}]}""", "speed_limit[0].days")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","days":["Mon","Funday"]}]}""", "speed_limit[0].days[1]")]
    [InlineData("""{"speed_limit":[],"time_zone":"Mars/Olympus_Mons"}""", "time_zone")]
    [InlineData("""{"speed_limit":[],"time_zone":"W. Europe Standard Time"}""", "time_zone")]
    [InlineData("""{"speed_limit":[],"time_zone":"europe/berlin"}""", "time_zone")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"15:00"},{"start":"14:00","end":"16:00"}]}""", "speed_limit[0],speed_limit[1]")]
    [InlineData("""{"speed_limit":[{"start":"22:00","end":"06:00"},{"start":"05:00","end":"07:00"}]}""", "speed_limit[0],speed_limit[1]")]
    [InlineData("""{"speed_limit":[{"start":"00:00","end":"23:59"},{"start":"12:00","end":"13:00"}]}""", "speed_limit[0],speed_limit[1]")]
    [InlineData("""{"speed_limit":[{"start":"22:00","end":"06:00","days":["Sun"]},{"start":"05:00","end":"07:00","days":["Mon"]}]}""", "speed_limit[0],speed_limit[1]")]
    [InlineData("""{"speed_limit":[{"start":"8","end":"09:00","speed":2000},{"start":"10:00","end":"11:00","over_speed_threshold":5}],"time_zone":"Nowhere"}""",
        "speed_limit[0].start,speed_limit[0].speed,speed_limit[1].over_speed_threshold,time_zone")]
    public async Task AnInvalidScheduleIsRejectedNamingEveryOffendingField(string body, string fields)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.PostAsync($"/v3/tasks/{taskId}/speed-limit", Api.RawJson(body), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(fields.Split(','), error.ErrorParams());
        Assert.True(JsonNode.DeepEquals(EmptyList, await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/speed-limit", ct)));
    }

    [Fact]
    public async Task SixWindowsAreTooMany()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var windows = new JsonArray(Enumerable.Range(0, 6)
            .Select(h => (JsonNode?)new JsonObject { ["start"] = $"0{h}:00", ["end"] = $"0{h}:30", ["speed"] = 10 }).ToArray());

        using var response = await host.Admin.PostAsJsonAsync($"/v3/tasks/{taskId}/speed-limit", new JsonObject { ["speed_limit"] = windows }, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(["speed_limit"], error.ErrorParams());
        Assert.Contains("at most 5", error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverlapNamesBothWindowsInTheMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        const string body = """{"speed_limit":[{"start":"08:00","end":"15:00"},{"start":"18:00","end":"20:00"},{"start":"14:00","end":"16:00"}]}""";

        using var response = await host.Admin.PostAsync($"/v3/tasks/{taskId}/speed-limit", Api.RawJson(body), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(["speed_limit[0]", "speed_limit[2]"], error.ErrorParams());
        Assert.Equal(
            "Invalid parameters: speed_limit[0] overlaps speed_limit[2] (08:00-15:00 and 14:00-16:00); " +
            "speed_limit[2] overlaps speed_limit[0] (14:00-16:00 and 08:00-15:00)",
            error["error_msg"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","speed":"fast"}]}""", "speed_limit[0].speed")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","speed":1.5}]}""", "speed_limit[0].speed")]
    [InlineData("""{"speed_limit":{"start":"08:00"}}""", "speed_limit")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","days":"Mon"}]}""", "speed_limit[0].days")]
    public async Task AFieldOfTheWrongJsonTypeIsAType400NamingIt(string body, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.PostAsync($"/v3/tasks/{taskId}/speed-limit", Api.RawJson(body), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9002", ct);
        Assert.Equal([field], error.ErrorParams());
    }

    [Theory]
    [InlineData("""{"speed_limit":[]}""")]
    [InlineData("""{"speed_limit":[{"start":"00:00","end":"23:59","speed":100}]}""")]
    [InlineData("""{"speed_limit":[{"start":"22:00","end":"06:00","speed":0}]}""")]
    [InlineData("""{"speed_limit":[{"start":"18:00","end":"23:59","speed":1000},{"start":"00:00","end":"08:00","speed":1000}]}""")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"15:00","speed":10,"over_speed_threshold":10},{"start":"15:00","end":"18:00","speed":20,"over_speed_threshold":100}]}""")]
    [InlineData("""{"speed_limit":[{"start":"22:00","end":"06:00","days":["Mon"]},{"start":"05:00","end":"07:00","days":["Wed"]}]}""")]
    [InlineData("""{"speed_limit":[{"start":"00:00","end":"01:00"},{"start":"02:00","end":"03:00"},{"start":"04:00","end":"05:00"},{"start":"06:00","end":"07:00"},{"start":"08:00","end":"09:00"}]}""")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"18:00","speed":100}],"time_zone":"America/New_York"}""")]
    public async Task AValidScheduleIsAcceptedWithAnEmptyObject(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.PostAsync($"/v3/tasks/{taskId}/speed-limit", Api.RawJson(body), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task ATaskWithoutWindowsHasAnEmptyList()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.GetAsync($"/v3/tasks/{taskId}/speed-limit", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"speed_limit":[]}""", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task AHuaweiStyleScheduleComesBackWithTheDefaultThresholdAndNoExtensionFields()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        const string body = """{"speed_limit":[{"start":"00:00","end":"08:00","speed":1000},{"start":"08:00","end":"18:00","speed":100,"over_speed_threshold":20.5},{"start":"18:00","end":"23:59"}]}""";
        await PostOkAsync(taskId, body, ct);

        var shown = await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/speed-limit", ct);

        var expected = JsonNode.Parse("""
            {"speed_limit":[
              {"start":"00:00","end":"08:00","speed":1000,"over_speed_threshold":10},
              {"start":"08:00","end":"18:00","speed":100,"over_speed_threshold":20.5},
              {"start":"18:00","end":"23:59","speed":0,"over_speed_threshold":10}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, shown), shown.ToJsonString());
    }

    [Fact]
    public async Task DaysAndTimeZoneComeBackOnlyWhereTheyWereUsedWithDaysInWeekOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        const string body = """{"speed_limit":[{"start":"08:00","end":"18:00","speed":100,"days":["fri","Mon","WED"]},{"start":"22:00","end":"06:00","speed":1000}],"time_zone":"Europe/Berlin"}""";
        await PostOkAsync(taskId, body, ct);

        var shown = await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/speed-limit", ct);

        var expected = JsonNode.Parse("""
            {"speed_limit":[
              {"start":"08:00","end":"18:00","speed":100,"over_speed_threshold":10,"days":["Mon","Wed","Fri"]},
              {"start":"22:00","end":"06:00","speed":1000,"over_speed_threshold":10}],
             "time_zone":"Europe/Berlin"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, shown), shown.ToJsonString());
    }

    [Fact]
    public async Task APostReplacesTheWholeListAndAnEmptyListRemovesEveryWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        await PostOkAsync(taskId, """{"speed_limit":[{"start":"08:00","end":"18:00","speed":100},{"start":"18:00","end":"20:00","speed":5}],"time_zone":"UTC"}""", ct);

        await PostOkAsync(taskId, """{"speed_limit":[{"start":"01:00","end":"02:00","speed":7}]}""", ct);
        var replaced = await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/speed-limit", ct);
        await PostOkAsync(taskId, """{"speed_limit":[]}""", ct);
        var emptied = await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/speed-limit", ct);

        var expected = JsonNode.Parse("""{"speed_limit":[{"start":"01:00","end":"02:00","speed":7,"over_speed_threshold":10}]}""");
        Assert.True(JsonNode.DeepEquals(expected, replaced), replaced.ToJsonString());
        Assert.True(JsonNode.DeepEquals(EmptyList, emptied), emptied.ToJsonString());
    }

    [Fact]
    public async Task AnUnknownTaskIsNotFoundOnEverySpeedLimitEndpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknown = Guid.NewGuid().ToString();

        foreach (var response in await CallEveryEndpointAsync(host.Admin, unknown, ct))
        {
            using (response) await response.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        }
    }

    [Fact]
    public async Task AnotherAccountsTaskIsNotFoundAndItsWindowsStayAsTheyWere()
    {
        var ct = TestContext.Current.CancellationToken;
        using var tenant = await NewAccountAsync(ct);
        var theirs = await tenant.NewTaskAsync(ct, "tenant-web");
        const string body = """{"speed_limit":[{"start":"08:00","end":"18:00","speed":100}]}""";
        using (var set = await tenant.PostAsync($"/v3/tasks/{theirs}/speed-limit", Api.RawJson(body), ct))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        foreach (var response in await CallEveryEndpointAsync(host.Admin, theirs, ct))
        {
            using (response) await response.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        }

        var shown = await tenant.GetJsonAsync($"/v3/tasks/{theirs}/speed-limit", ct);
        Assert.Equal(100, shown["speed_limit"]![0]!["speed"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheTimelineFollowsDaysTheZoneAndTheTasksOwnLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await host.Admin.RegisterSourceAsync(ct);
        var taskBody = Api.TaskBody(source).With("speed_limit", 50);
        using (var created = await host.Admin.PostAsJsonAsync("/v3/tasks", taskBody, ct)) Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var taskId = (await host.Admin.GetJsonAsync($"/v3/tasks?source_server_id={source}", ct))["tasks"]![0]!["id"]!.GetValue<string>();
        await PostOkAsync(taskId, """
            {"speed_limit":[
              {"start":"08:00","end":"18:00","speed":100,"over_speed_threshold":20,"days":["Mon","Tue","Wed","Thu","Fri"]},
              {"start":"22:00","end":"06:00","speed":1000,"days":["Fri"]}],
             "time_zone":"Europe/Berlin"}
            """, ct);

        var timeline = await host.Admin.GetJsonAsync(
            $"/v3/opensms/tasks/{taskId}/speed-limit/timeline?from=2026-03-27T06:00:00Z&to=2026-03-28T06:00:00Z", ct);

        // docs/speed-limits.md, Timeline: Friday 2026-03-27, Berlin at +01:00.
        var expected = JsonNode.Parse("""
            {"time_zone":"Europe/Berlin",
             "segments":[
              {"from":1774591200000,"to":1774594800000,"limit_mbps":50,"over_speed_threshold":10},
              {"from":1774594800000,"to":1774630800000,"limit_mbps":100,"window_index":0,"over_speed_threshold":20},
              {"from":1774630800000,"to":1774645200000,"limit_mbps":50,"over_speed_threshold":10},
              {"from":1774645200000,"to":1774674000000,"limit_mbps":1000,"window_index":1,"over_speed_threshold":10},
              {"from":1774674000000,"to":1774677600000,"limit_mbps":50,"over_speed_threshold":10}
             ]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, timeline), timeline.ToJsonString());
    }

    [Fact]
    public async Task TheTimelineOfATaskWithoutWindowsIsOneDayOfItsOwnLimitInUtc()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        var timeline = await host.Admin.GetJsonAsync($"/v3/opensms/tasks/{taskId}/speed-limit/timeline?from=2026-01-01T00:00:00%2B02:00", ct);

        var expected = JsonNode.Parse("""
            {"time_zone":"UTC","segments":[{"from":1767218400000,"to":1767304800000,"limit_mbps":0,"over_speed_threshold":10}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, timeline), timeline.ToJsonString());
    }

    [Theory]
    [InlineData("from=2026-03-27T06:00:00", "from")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-03-27T06:00:00Z&to=2026-03-27", "to")]
    [InlineData("from=2026-03-27T06:00:00Z&to=2026-03-27T06:00:00Z", "to")]
    [InlineData("from=2026-03-27T06:00:00Z&to=2026-03-26T06:00:00Z", "to")]
    [InlineData("from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:01Z", "to")]
    public async Task ABadTimelineRangeIsRejectedNamingTheField(string query, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.GetAsync($"/v3/opensms/tasks/{taskId}/speed-limit/timeline?{query}", ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal([field], error.ErrorParams());
    }

    [Fact]
    public async Task ATaskThatNeverWentOverSpeedHasNoEvents()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.GetAsync($"/v3/opensms/tasks/{taskId}/overspeed-events", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"overspeed_events":[]}""", await response.Content.ReadAsStringAsync(ct));
    }

    static readonly JsonNode EmptyList = JsonNode.Parse("""{"speed_limit":[]}""")!;

    async Task PostOkAsync(string taskId, string body, CancellationToken ct)
    {
        using var response = await host.Admin.PostAsync($"/v3/tasks/{taskId}/speed-limit", Api.RawJson(body), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static async Task<HttpResponseMessage[]> CallEveryEndpointAsync(HttpClient client, string taskId, CancellationToken ct) =>
    [
        await client.GetAsync($"/v3/tasks/{taskId}/speed-limit", ct),
        await client.PostAsync($"/v3/tasks/{taskId}/speed-limit", Api.RawJson("""{"speed_limit":[]}"""), ct),
        await client.GetAsync($"/v3/opensms/tasks/{taskId}/speed-limit/timeline", ct),
        await client.GetAsync($"/v3/opensms/tasks/{taskId}/overspeed-events", ct),
    ];

    /// <summary>A client signed in as the administrator of a new account (tenant).</summary>
    async Task<HttpClient> NewAccountAsync(CancellationToken ct)
    {
        var name = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Tenant-pass-123";
        using var response = await host.Admin.PostAsJsonAsync("/v3/opensms/accounts", new JsonObject { ["name"] = name, ["admin_password"] = password }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await host.App.SignedInClientAsync(name, "admin", password, ct);
    }
}
