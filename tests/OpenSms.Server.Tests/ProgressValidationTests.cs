using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>Mandatory fields and ranges of PUT /v3/tasks/{id}/progress, through the real host.</summary>
public sealed class ProgressValidationTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    [Theory]
    [InlineData("subtask_name")]
    [InlineData("progress")]
    [InlineData("replicatesize")]
    [InlineData("totalsize")]
    [InlineData("process_trace")]
    public async Task EachMissingMandatoryFieldIsRejectedNamingIt(string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.ReportAsync(taskId, Api.ProgressBody().Without(field), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal([field], error.ErrorParams());
        Assert.Contains(field + " is required", error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("subtask_name")]
    [InlineData("progress")]
    [InlineData("process_trace")]
    public async Task AMandatoryFieldSentAsNullCountsAsMissing(string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.ReportAsync(taskId, Api.ProgressBody().With(field, null), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal([field], error.ErrorParams());
    }

    [Fact]
    public async Task SeveralBadFieldsAreAllNamedInOneError()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var body = new JsonObject
        {
            ["subtask_name"] = "COPY_EVERYTHING", ["progress"] = 101, ["totalsize"] = -1, ["migrate_speed"] = 10000.5,
            ["total_disk_io"] = -0.1, ["agent_time"] = "teatime",
        };

        using var response = await host.Admin.ReportAsync(taskId, body, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        string[] expected = ["subtask_name", "progress", "replicatesize", "totalsize", "process_trace", "migrate_speed", "total_disk_io", "agent_time"];
        Assert.Equal(expected.Order(), error.ErrorParams().Order());
        var message = error["error_msg"]!.GetValue<string>();
        Assert.All(expected, field => Assert.Contains(field, message, StringComparison.Ordinal));
    }

    [Theory]
    // Fields set over the valid base report {progress 10, replicatesize 100, totalsize 1000}; null = accepted.
    [InlineData("""{"progress":0}""", null)]
    [InlineData("""{"progress":100}""", null)]
    [InlineData("""{"progress":-1}""", "progress")]
    [InlineData("""{"progress":101}""", "progress")]
    [InlineData("""{"progress":2147483648}""", "progress")]
    [InlineData("""{"replicatesize":0}""", null)]
    [InlineData("""{"replicatesize":-1}""", "replicatesize")]
    [InlineData("""{"replicatesize":1000,"totalsize":1000}""", null)]
    [InlineData("""{"replicatesize":1001,"totalsize":1000}""", "replicatesize")]
    [InlineData("""{"replicatesize":0,"totalsize":0}""", null)]
    [InlineData("""{"replicatesize":0,"totalsize":-1}""", "totalsize")]
    [InlineData("""{"replicatesize":9223372036854775807,"totalsize":9223372036854775807}""", null)]
    [InlineData("""{"migrate_speed":0}""", null)]
    [InlineData("""{"migrate_speed":10000}""", null)]
    [InlineData("""{"migrate_speed":10000.5}""", "migrate_speed")]
    [InlineData("""{"migrate_speed":-0.1}""", "migrate_speed")]
    [InlineData("""{"compress_rate":0}""", null)]
    [InlineData("""{"compress_rate":10000}""", null)]
    [InlineData("""{"compress_rate":10000.5}""", "compress_rate")]
    [InlineData("""{"compress_rate":-0.1}""", "compress_rate")]
    [InlineData("""{"remain_time":0}""", null)]
    [InlineData("""{"remain_time":2147483647}""", null)]
    [InlineData("""{"remain_time":2147483648}""", "remain_time")]
    [InlineData("""{"remain_time":-1}""", "remain_time")]
    [InlineData("""{"total_cpu_usage":0}""", null)]
    [InlineData("""{"total_cpu_usage":100}""", null)]
    [InlineData("""{"total_cpu_usage":100.5}""", "total_cpu_usage")]
    [InlineData("""{"total_cpu_usage":-0.1}""", "total_cpu_usage")]
    [InlineData("""{"agent_cpu_usage":0}""", null)]
    [InlineData("""{"agent_cpu_usage":100}""", null)]
    [InlineData("""{"agent_cpu_usage":100.5}""", "agent_cpu_usage")]
    [InlineData("""{"agent_cpu_usage":-0.1}""", "agent_cpu_usage")]
    [InlineData("""{"total_mem_usage":0}""", null)]
    [InlineData("""{"total_mem_usage":1048576}""", null)]
    [InlineData("""{"total_mem_usage":1048576.5}""", "total_mem_usage")]
    [InlineData("""{"total_mem_usage":-0.1}""", "total_mem_usage")]
    [InlineData("""{"agent_mem_usage":0}""", null)]
    [InlineData("""{"agent_mem_usage":1048576}""", null)]
    [InlineData("""{"agent_mem_usage":1048576.5}""", "agent_mem_usage")]
    [InlineData("""{"agent_mem_usage":-0.1}""", "agent_mem_usage")]
    [InlineData("""{"total_disk_io":0}""", null)]
    [InlineData("""{"total_disk_io":10000}""", null)]
    [InlineData("""{"total_disk_io":10000.5}""", "total_disk_io")]
    [InlineData("""{"total_disk_io":-0.1}""", "total_disk_io")]
    [InlineData("""{"agent_disk_io":0}""", null)]
    [InlineData("""{"agent_disk_io":10000}""", null)]
    [InlineData("""{"agent_disk_io":10000.5}""", "agent_disk_io")]
    [InlineData("""{"agent_disk_io":-0.1}""", "agent_disk_io")]
    public async Task EachRangeEdgeIsAcceptedAndJustOutsideIsRejectedNamingTheField(string fields, string? rejected)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var body = Api.ProgressBody();
        foreach (var (field, value) in JsonNode.Parse(fields)!.AsObject()) body[field] = value?.DeepClone();

        using var response = await host.Admin.ReportAsync(taskId, body, ct);

        if (rejected is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal([rejected], error.ErrorParams());
        Assert.Contains(rejected, error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARejectedReportChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.ReportAsync(taskId, Api.ProgressBody(progress: 101), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var task = await host.Admin.ShowTaskAsync(taskId, ct);
        Assert.Equal("READY", task["state"]!.GetValue<string>());
        Assert.Empty(task["sub_tasks"]!.AsArray());
        Assert.Empty(await host.SamplesAsync(taskId, ct));
    }
}
