using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>The enumerated subtask_name and the free-form agent_time, through the real host.</summary>
public sealed class ProgressFieldFormatTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    [Theory]
    [InlineData("CREATE_CLOUD_SERVER")]
    [InlineData("SSL_CONFIG")]
    [InlineData("ATTACH_AGENT_IMAGE")]
    [InlineData("DETTACH_AGENT_IMAGE")]
    [InlineData("FORMAT_DISK_LINUX")]
    [InlineData("FORMAT_DISK_LINUX_FILE")]
    [InlineData("FORMAT_DISK_LINUX_BLOCK")]
    [InlineData("FORMAT_DISK_WINDOWS")]
    [InlineData("MIGRATE_LINUX_FILE")]
    [InlineData("MIGRATE_LINUX_BLOCK")]
    [InlineData("MIGRATE_WINDOWS_BLOCK")]
    [InlineData("CLONE_VM")]
    [InlineData("SYNC_LINUX_FILE")]
    [InlineData("SYNC_LINUX_BLOCK")]
    [InlineData("SYNC_WINDOWS_BLOCK")]
    [InlineData("CONFIGURE_LINUX")]
    [InlineData("CONFIGURE_LINUX_BLOCK")]
    [InlineData("CONFIGURE_LINUX_FILE")]
    [InlineData("CONFIGURE_WINDOWS")]
    public async Task EachOfTheNineteenSubtaskNamesIsAccepted(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody(subtask: name, progress: 30), ct);

        var subtask = (await host.Admin.ShowTaskAsync(taskId, ct))["sub_tasks"]!.AsArray().Single()!;
        Assert.Equal(name, subtask["name"]!.GetValue<string>());
        Assert.Equal(30, subtask["progress"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("DETACH_AGENT_IMAGE")]
    [InlineData("migrate_linux_file")]
    [InlineData("MIGRATE_LINUX_FILE ")]
    [InlineData("MIGRATE")]
    [InlineData("")]
    public async Task ASubtaskNameOutsideTheEnumIsRejectedNamingSubtaskName(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.ReportAsync(taskId, Api.ProgressBody(subtask: name), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(["subtask_name"], error.ErrorParams());
    }

    [Theory]
    // What the agent sends, and the ISO-8601 text the sample keeps.
    [InlineData("2025-06-01T10:20:30+08:00", "2025-06-01T10:20:30+08:00")]
    [InlineData("2025-06-01T10:20:30.250-05:00", "2025-06-01T10:20:30.25-05:00")]
    [InlineData("2025-06-01T10:20:30Z", "2025-06-01T10:20:30+00:00")]
    [InlineData("2025-06-01T10:20:30", "2025-06-01T10:20:30")]
    [InlineData("2025-06-01 10:20:30", "2025-06-01T10:20:30")]
    [InlineData("2025-06-01T10:20Z", "2025-06-01T10:20:00+00:00")]
    public async Task AgentTimeIsAcceptedAsIso8601OrPlainDateTime(string sent, string kept)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody().With("agent_time", sent), ct);

        Assert.Equal(kept, (await host.SamplesAsync(taskId, ct)).Single().AgentTime);
    }

    [Fact]
    public async Task AReportWithoutAgentTimeKeepsNone()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        await host.Admin.ReportOkAsync(taskId, Api.ProgressBody().With("agent_time", null), ct);

        Assert.Null((await host.SamplesAsync(taskId, ct)).Single().AgentTime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("now")]
    [InlineData("2025-06-01")]
    [InlineData("10:20:30")]
    [InlineData("2025-13-01 10:20:30")]
    [InlineData("2025-06-01T25:00:00Z")]
    [InlineData("2025/06/01 10:20:30")]
    [InlineData("1748773230")]
    [InlineData("2025-06-01T10")]
    public async Task AnUnparsableAgentTimeIsRejectedNamingAgentTime(string sent)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.ReportAsync(taskId, Api.ProgressBody().With("agent_time", sent), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(["agent_time"], error.ErrorParams());
        Assert.Empty(await host.SamplesAsync(taskId, ct));
    }
}
