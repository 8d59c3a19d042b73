using System.Net;

namespace OpenSms.Server.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task AReportedProgressShowsOnTheTask()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = new OpenSmsApp();
        using var client = await app.AdminClientAsync(ct);
        var taskId = await client.NewTaskAsync(ct);

        using var response = await client.ReportAsync(taskId, Api.ProgressBody(progress: 45, replicated: 450), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(ct));
        var task = await client.GetJsonAsync($"/v3/tasks/{taskId}", ct);
        Assert.Equal("RUNNING", task["state"]!.GetValue<string>());
        Assert.Equal(45, task["sub_tasks"]!.AsArray().Single()!["progress"]!.GetValue<int>());
    }
}
