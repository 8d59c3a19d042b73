using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>UpdateNetworkCheckInfo (POST /v3/{task_id}/update-network-check-info), the network_check action and start_network_check.</summary>
public sealed class NetworkCheckTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    static JsonObject Report() => new()
    {
        ["domain_connectivity"] = true, ["destination_connectivity"] = false, ["network_delay"] = 12.5, ["network_jitter"] = 1.25,
        ["migration_speed"] = 940.0, ["loss_percentage"] = 0.5, ["cpu_usage"] = 20.0, ["mem_usage"] = 35.5, ["evaluation_result"] = "GOOD_NET",
    };

    static string PathOf(string taskId) => $"/v3/{taskId}/update-network-check-info";

    [Fact]
    public async Task AReportAnswersTheTaskIdAndShowsOnShowTaskAndListTasks()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.PostAsync(PathOf(taskId), Api.RawJson(Report().ToJsonString(), "application/json;charset=UTF-8"), ct);

        Assert.Equal(taskId, (await response.OkJsonAsync(ct))["task_id"].Text());
        var shown = (await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}", ct))["network_check_info"]!;
        Assert.True(JsonNode.DeepEquals(Report(), shown), shown.ToJsonString());
        var listed = (await host.Admin.GetJsonAsync($"/v3/tasks?id={taskId}", ct))["tasks"]![0]!["network_check_info"]!;
        Assert.Equal(940.0, listed["migration_speed"]!.GetValue<double>());
    }

    [Fact]
    public async Task ALaterReportReplacesTheEarlierOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        (await host.Admin.PostJsonAsync(PathOf(taskId), Report(), ct)).Dispose();

        using var response = await host.Admin.PostJsonAsync(PathOf(taskId), Report().With("evaluation_result", "BAD_NET").With("domain_connectivity", null), ct);

        await response.OkJsonAsync(ct);
        var shown = (await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}", ct))["network_check_info"]!;
        Assert.Equal("BAD_NET", shown["evaluation_result"].Text());
        Assert.Null(shown["domain_connectivity"]);
    }

    [Fact]
    public async Task EveryMissingOrOutOfRangeFieldIsNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var body = Report().Without("network_delay").With("network_jitter", 10000.5).With("migration_speed", -1)
            .With("loss_percentage", 100.1).With("cpu_usage", 101).With("mem_usage", -0.1).With("evaluation_result", "BAD");

        using var response = await host.Admin.PostJsonAsync(PathOf(taskId), body, ct);

        await response.InvalidAsync(ct, "network_delay", "network_jitter", "migration_speed", "loss_percentage", "cpu_usage", "mem_usage", "evaluation_result");
        Assert.Null((await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}", ct))["network_check_info"]);
    }

    [Theory]
    [InlineData(0.0, 0.0, "ABCDE")]
    [InlineData(10000.0, 100.0, "ABCDEFGHI")]
    public async Task TheRangeEdgesAreAccepted(double delay, double percent, string evaluation)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var body = Report().With("network_delay", delay).With("network_jitter", delay).With("migration_speed", delay)
            .With("loss_percentage", percent).With("cpu_usage", percent).With("mem_usage", percent).With("evaluation_result", evaluation);

        using var response = await host.Admin.PostJsonAsync(PathOf(taskId), body, ct);

        await response.OkJsonAsync(ct);
    }

    [Fact]
    public async Task AWrongJsonTypeIsSms9002()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.PostJsonAsync(PathOf(taskId), Report().With("network_delay", "fast"), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9002", ct);
        Assert.Equal(["network_delay"], error.ErrorParams());
    }

    [Fact]
    public async Task AReportForAnUnknownOrAnotherAccountsTaskIsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var theirs = await host.Other.NewTaskAsync(ct, "other-web");

        using var unknown = await host.Admin.PostJsonAsync(PathOf(Guid.NewGuid().ToString()), Report(), ct);
        using var foreign = await host.Admin.PostJsonAsync(PathOf(theirs), Report(), ct);

        await unknown.NotFoundAsync(ct);
        await foreign.NotFoundAsync(ct);
        Assert.Null((await host.Other.GetJsonAsync($"/v3/tasks/{theirs}", ct))["network_check_info"]);
    }

    [Fact]
    public async Task TheNetworkCheckActionTurnsOnStartNetworkCheck()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        Assert.Null((await host.Admin.ShowTaskAsync(taskId, ct))["start_network_check"]);

        await host.Admin.ActOnTaskAsync(taskId, "network_check", ct);

        var task = await host.Admin.ShowTaskAsync(taskId, ct);
        Assert.True(task["start_network_check"]!.GetValue<bool>());
        Assert.Equal("READY", task["state"].Text());
    }

    [Fact]
    public async Task StartNetworkCheckGivenAtCreationIsShown()
    {
        var ct = TestContext.Current.CancellationToken;

        var (_, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, taskBody: id => Api.TaskBody(id).With("start_network_check", true));

        Assert.True((await host.Admin.ShowTaskAsync(taskId, ct))["start_network_check"]!.GetValue<bool>());
    }
}
