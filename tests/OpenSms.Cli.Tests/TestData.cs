using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSms.Client;
using OpenSms.Core.Contracts;

namespace OpenSms.Cli.Tests;

/// <summary>Sources, tasks and reports made through the typed client, so tests read as the calls they make.</summary>
public static class TestData
{
    public static RegisterServerRequest Source(string name = "web-01") => new()
    {
        Name = name, Ip = "10.0.0.5", OsType = "LINUX", OsVersion = "Ubuntu 22.04", AgentVersion = "25.1.0", Networks = [new NetworkInfo("fa:16:3e:00:00:01")],
    };

    public static CreateTaskRequest Task(string sourceId, string name = "web-01-migration") => new()
    {
        Name = name, Type = "MIGRATE_FILE", OsType = "LINUX", SourceServer = new SourceRef(sourceId),
        TargetServer = JsonSerializer.SerializeToElement(new JsonObject { ["vm_id"] = "vm-1", ["name"] = name + "-target" }),
        RegionName = "opensms-1", RegionId = "opensms-1", ProjectName = "default", ProjectId = "default",
    };

    public static ProgressRequest Report(string subtask, int progress, long replicated = 0, long total = 1000, double? speed = null, long? remain = null) => new()
    {
        SubtaskName = subtask, Progress = progress, Replicatesize = replicated, Totalsize = total, ProcessTrace = "test", MigrateSpeed = speed, RemainTime = remain,
    };

    /// <summary>Registers a source and creates a READY task for it; returns both ids.</summary>
    public static async Task<(string SourceId, string TaskId)> NewTaskAsync(this OpenSmsClient client, CancellationToken ct, string name = "web-01")
    {
        var source = await client.RegisterServerAsync(Source(name), ct);
        var task = await client.CreateTaskAsync(Task(source, name + "-migration"), ct);
        return (source, task);
    }

    public static async Task<string> StateAsync(this OpenSmsClient client, string taskId, CancellationToken ct) =>
        (await client.ShowTaskAsync(taskId, ct))["state"]!.GetValue<string>();

    /// <summary>Polls until <paramref name="done"/> holds, failing after <paramref name="seconds"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, string what, CancellationToken ct, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"timed out waiting for {what}");
            await System.Threading.Tasks.Task.Delay(50, ct);
        }
    }
}
