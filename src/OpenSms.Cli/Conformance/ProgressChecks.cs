using System.Text.Json.Nodes;

namespace OpenSms.Cli.Conformance;

/// <summary>UpdateTaskSpeed (<c>PUT /v3/tasks/{id}/progress</c>, reference §2.7) and its effects on the task.</summary>
static class ProgressChecks
{
    static JsonObject Report(string subtask, int progress, long replicated = 0, long total = 10_000_000_000) => new()
    {
        ["subtask_name"] = subtask, ["progress"] = progress, ["replicatesize"] = replicated, ["totalsize"] = total,
        ["process_trace"] = "conformance check",
    };

    static Task<OpenSms.Client.ApiResponse> PutAsync(ConformanceRun run, string taskId, JsonNode body) =>
        run.SendAsync(HttpMethod.Put, $"/v3/tasks/{taskId}/progress", body);

    public static async Task RunningAsync(ConformanceRun run, Fixture f)
    {
        await run.CheckAsync("start moves a READY task to RUNNING and its agent is told START", async () =>
        {
            Expect.Status(await TaskChecks.Action(run, f, "start"), 200);
            Expect.Equal("RUNNING", Expect.Text(Expect.Status(await run.GetAsync($"/v3/tasks/{f.Task}"), 200), "state"), "state");
            Expect.Equal("START", Expect.Text(Expect.Status(await run.GetAsync($"/v3/sources/{f.Source}/command"), 200), "command_name"), "command_name");
        });
        await run.CheckAsync("A progress report with every field answers 200", async () =>
        {
            var body = Report("CREATE_CLOUD_SERVER", 100);
            foreach (var (name, value) in new (string, double)[] { ("migrate_speed", 0), ("compress_rate", 0), ("total_cpu_usage", 12.5),
                         ("agent_cpu_usage", 3.5), ("total_mem_usage", 2048), ("agent_mem_usage", 256), ("total_disk_io", 20), ("agent_disk_io", 10) })
                body[name] = value;
            body["remain_time"] = 600;
            body["need_migration_test"] = false;
            body["agent_time"] = DateTimeOffset.Now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
            Expect.Status(await PutAsync(run, f.Task, body), 200);
        });
        await run.CheckAsync("agent_time written as yyyy-MM-dd HH:mm:ss is accepted", async () =>
        {
            var body = Report("SSL_CONFIG", 40);
            body["agent_time"] = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            Expect.Status(await PutAsync(run, f.Task, body), 200);
        });
        await run.CheckAsync("The report shows on ShowTask: the subtask with its progress, and the task's speed", async () =>
        {
            var body = Report("MIGRATE_LINUX_FILE", 45, 4_500_000_000);
            body["migrate_speed"] = 120.5;
            body["remain_time"] = 300;
            Expect.Status(await PutAsync(run, f.Task, body), 200);
            var task = Expect.Status(await run.GetAsync($"/v3/tasks/{f.Task}"), 200);
            var subtask = (task["sub_tasks"] as JsonArray)?.FirstOrDefault(s => s?["name"]?.ToString() == "MIGRATE_LINUX_FILE");
            Expect.That(subtask is not null, "MIGRATE_LINUX_FILE among sub_tasks");
            Expect.Equal(45L, Expect.Number(subtask, "progress"), "progress");
            Expect.Equal(120.5, task["migrate_speed"]?.GetValue<double>(), "migrate_speed");
            Expect.Equal("RUNNING", Expect.Text(task, "state"), "state");
        });
        await run.CheckAsync("Starting a new subtask ends the previous one (end_date set)", async () =>
        {
            var task = Expect.Status(await run.GetAsync($"/v3/tasks/{f.Task}"), 200);
            var ssl = (task["sub_tasks"] as JsonArray)?.FirstOrDefault(s => s?["name"]?.ToString() == "SSL_CONFIG");
            Expect.That(ssl is not null && Expect.Number(ssl, "end_date") > 0, "SSL_CONFIG to have an end_date");
        });
        await run.CheckAsync("A report missing its mandatory fields is 400 naming each of them", async () =>
            Expect.Names(Expect.Error(await PutAsync(run, f.Task, new JsonObject()), 400),
                "subtask_name", "progress", "replicatesize", "totalsize", "process_trace"));
        await run.CheckAsync("progress above 100 is 400 naming progress", async () =>
            Expect.Names(Expect.Error(await PutAsync(run, f.Task, Report("MIGRATE_LINUX_FILE", 101)), 400), "progress"));
        await run.CheckAsync("An unknown subtask_name is 400 naming subtask_name", async () =>
            Expect.Names(Expect.Error(await PutAsync(run, f.Task, Report("COPY_EVERYTHING", 10)), 400), "subtask_name"));
        await run.CheckAsync("replicatesize above totalsize is 400 naming replicatesize", async () =>
            Expect.Names(Expect.Error(await PutAsync(run, f.Task, Report("MIGRATE_LINUX_FILE", 50, 20, 10)), 400), "replicatesize"));
        await run.CheckAsync("A field of the wrong JSON type is 400", async () =>
        {
            var body = Report("MIGRATE_LINUX_FILE", 50);
            body["progress"] = "fifty";
            Expect.Error(await PutAsync(run, f.Task, body), 400);
        });
        await run.CheckAsync("A report for an unknown task is 404", async () =>
            Expect.Error(await PutAsync(run, Fixture.UnknownId, Report("MIGRATE_LINUX_FILE", 10)), 404));
    }

    /// <summary>Without the progress checks the task still has to finish, or DeleteTask would be refused.</summary>
    public static async Task FinishQuietlyAsync(ConformanceRun run, Fixture f)
    {
        if (f.TaskId is null) return;
        await TaskChecks.Action(run, f, "start");
        foreach (var subtask in FinalSubtasks) await PutAsync(run, f.Task, Report(subtask, 100, 10_000_000_000));
    }

    static readonly string[] FinalSubtasks = ["MIGRATE_LINUX_FILE", "CONFIGURE_LINUX_FILE", "DETTACH_AGENT_IMAGE"];

    public static async Task FinishAsync(ConformanceRun run, Fixture f)
    {
        await run.CheckAsync("DETTACH_AGENT_IMAGE at 100 finishes the task: MIGRATE_SUCCESS with a finish_date", async () =>
        {
            foreach (var subtask in FinalSubtasks)
                Expect.Status(await PutAsync(run, f.Task, Report(subtask, 100, 10_000_000_000)), 200);
            var task = Expect.Status(await run.GetAsync($"/v3/tasks/{f.Task}"), 200);
            Expect.Equal("MIGRATE_SUCCESS", Expect.Text(task, "state"), "state");
            Expect.That(Expect.Number(task, "finish_date") > 0, "a finish_date");
        });
        await run.CheckAsync("A report for a finished task is refused with an SMS error", async () =>
        {
            var r = await PutAsync(run, f.Task, Report("DETTACH_AGENT_IMAGE", 100));
            Expect.Error(r, r.StatusCode == 400 ? 400 : 409);
        });
        await run.CheckAsync("stop on a finished task is 400 SMS.1038", async () =>
            Expect.Error(await TaskChecks.Action(run, f, "stop"), 400, "SMS.1038"));
        await run.CheckAsync("The agent of a finished task is told TASK_HAS_FINISHED", async () =>
            Expect.Equal("TASK_HAS_FINISHED", Expect.Text(Expect.Status(await run.GetAsync($"/v3/sources/{f.Source}/command"), 200), "command_name"), "command_name"));
    }
}
