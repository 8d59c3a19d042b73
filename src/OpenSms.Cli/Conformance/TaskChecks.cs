using System.Text.Json.Nodes;

namespace OpenSms.Cli.Conformance;

/// <summary>CreateTask, ShowTask, ListTasks, UpdateTask, the task actions and DeleteTask (reference §2.1–2.6).</summary>
static class TaskChecks
{
    public static async Task CreateAsync(ConformanceRun run, Fixture f)
    {
        await run.CheckAsync("RegisterServer answers 200 with the source server's id", async () =>
        {
            var body = new JsonObject
            {
                ["name"] = f.Name, ["ip"] = "10.99.0.1", ["os_type"] = "LINUX", ["os_version"] = "Ubuntu 22.04", ["agent_version"] = "25.1.0",
                ["networks"] = new JsonArray(new JsonObject { ["name"] = "eth0", ["ip"] = "10.99.0.1", ["mac"] = "fa:16:3e:99:00:01" }),
            };
            f.SourceId = Expect.Text(Expect.Status(await run.SendAsync(HttpMethod.Post, "/v3/sources", body), 200), "id");
        });
        await run.CheckAsync("CreateTask answers 200 with the task's id", async () =>
        {
            var body = new JsonObject
            {
                ["name"] = f.Name, ["type"] = "MIGRATE_FILE", ["os_type"] = "LINUX", ["source_server"] = new JsonObject { ["id"] = f.Source },
                ["target_server"] = new JsonObject { ["vm_id"] = "", ["name"] = f.Name + "-target" },
                ["region_name"] = "region", ["region_id"] = "region", ["project_name"] = "project", ["project_id"] = "project",
            };
            f.TaskId = Expect.Text(Expect.Status(await run.SendAsync(HttpMethod.Post, "/v3/tasks", body), 200), "id");
        });
    }

    public static async Task ReadAsync(ConformanceRun run, Fixture f)
    {
        await run.CheckAsync("ShowTask returns the new task READY with its name, type, source and dates as numbers", async () =>
        {
            var task = Expect.Status(await run.GetAsync($"/v3/tasks/{f.Task}"), 200);
            Expect.Equal(f.Task, Expect.Text(task, "id"), "id");
            Expect.Equal(f.Name, Expect.Text(task, "name"), "name");
            Expect.Equal("MIGRATE_FILE", Expect.Text(task, "type"), "type");
            Expect.Equal("READY", Expect.Text(task, "state"), "state");
            Expect.Equal(f.Source, Expect.Text(task["source_server"], "id"), "source_server.id");
            Expect.That(Expect.Number(task, "create_date") > 1_000_000_000_000, "create_date in epoch milliseconds");
        });
        await run.CheckAsync("ListTasks filters by state and name and counts the matches", async () =>
        {
            var ready = Expect.Status(await run.GetAsync($"/v3/tasks?state=READY&name={f.Name}"), 200);
            Expect.That(Expect.Number(ready, "count") >= 1, "count >= 1 for READY tasks with the name");
            Expect.That(ready["tasks"] is JsonArray a && a.Any(t => t?["id"]?.ToString() == f.Task), "the task among the READY tasks");
            var running = Expect.Status(await run.GetAsync($"/v3/tasks?state=RUNNING&name={f.Name}"), 200);
            Expect.That(running["tasks"] is JsonArray b && b.All(t => t?["id"]?.ToString() != f.Task), "the task not among the RUNNING tasks");
        });
        await run.CheckAsync("ListTasks pages with limit and offset while count stays the total", async () =>
        {
            var all = Expect.Status(await run.GetAsync("/v3/tasks?limit=200"), 200);
            var page = Expect.Status(await run.GetAsync("/v3/tasks?limit=1&offset=0"), 200);
            Expect.That(page["tasks"] is JsonArray { Count: <= 1 }, "at most one task with limit=1");
            Expect.Equal(Expect.Number(all, "count"), Expect.Number(page, "count"), "count with limit=1");
        });
        await run.CheckAsync("UpdateTask answers 200 with the id and changes the task", async () =>
        {
            var answer = Expect.Status(await run.SendAsync(HttpMethod.Put, $"/v3/tasks/{f.Task}", new JsonObject { ["speed_limit"] = 500 }), 200);
            Expect.Equal(f.Task, Expect.Text(answer, "id"), "id");
            Expect.Equal(500L, Expect.Number(Expect.Status(await run.GetAsync($"/v3/tasks/{f.Task}"), 200), "speed_limit"), "speed_limit");
        });
        await run.CheckAsync("ShowTask of an unknown task is 404 with an SMS error body", async () =>
            Expect.Error(await run.GetAsync($"/v3/tasks/{Fixture.UnknownId}"), 404));
        await run.CheckAsync("An action without an operation is 400", async () =>
            Expect.Error(await run.SendAsync(HttpMethod.Post, $"/v3/tasks/{f.Task}/action", new JsonObject()), 400));
        await run.CheckAsync("Every response carries X-Request-Id, errors included", async () =>
        {
            Expect.That((await run.GetAsync($"/v3/tasks/{f.Task}")).RequestId is { Length: > 0 }, "X-Request-Id on a 200");
            Expect.That((await run.GetAsync($"/v3/tasks/{Fixture.UnknownId}")).RequestId is { Length: > 0 }, "X-Request-Id on a 404");
        });
    }

    public static async Task StopAndResumeAsync(ConformanceRun run, Fixture f)
    {
        await run.CheckAsync("stop moves a RUNNING task to ABORTING and its agent is told STOP", async () =>
        {
            Expect.Status(await Action(run, f, "stop"), 200);
            Expect.Equal("ABORTING", Expect.Text(Expect.Status(await run.GetAsync($"/v3/tasks/{f.Task}"), 200), "state"), "state");
            Expect.Equal("STOP", Expect.Text(Expect.Status(await run.GetAsync($"/v3/sources/{f.Source}/command"), 200), "command_name"), "command_name");
        });
        await run.CheckAsync("The agent's STOP acknowledgement moves the task to ABORT", async () =>
        {
            var ack = new JsonObject { ["command_name"] = "STOP", ["result"] = "success", ["result_detail"] = new JsonObject() };
            Expect.Status(await run.SendAsync(HttpMethod.Post, $"/v3/sources/{f.Source}/command_result", ack), 200);
            Expect.Equal("ABORT", Expect.Text(Expect.Status(await run.GetAsync($"/v3/tasks/{f.Task}"), 200), "state"), "state");
        });
        await run.CheckAsync("start resumes a stopped task: RUNNING, and its agent is told START", async () =>
        {
            Expect.Status(await Action(run, f, "start"), 200);
            Expect.Equal("RUNNING", Expect.Text(Expect.Status(await run.GetAsync($"/v3/tasks/{f.Task}"), 200), "state"), "state");
            Expect.Equal("START", Expect.Text(Expect.Status(await run.GetAsync($"/v3/sources/{f.Source}/command"), 200), "command_name"), "command_name");
        });
    }

    public static async Task DeleteAsync(ConformanceRun run, Fixture f)
    {
        await run.CheckAsync("DeleteTask answers 200 and the task is gone", async () =>
        {
            Expect.Status(await run.SendAsync(HttpMethod.Delete, $"/v3/tasks/{f.Task}"), 200);
            Expect.Error(await run.GetAsync($"/v3/tasks/{f.Task}"), 404);
        });
        await run.CheckAsync("DeleteServer answers 200 and the source server is gone", async () =>
        {
            Expect.Status(await run.SendAsync(HttpMethod.Delete, $"/v3/sources/{f.Source}"), 200);
            Expect.Error(await run.GetAsync($"/v3/sources/{f.Source}"), 404);
        });
    }

    public static Task<OpenSms.Client.ApiResponse> Action(ConformanceRun run, Fixture f, string operation) =>
        run.SendAsync(HttpMethod.Post, $"/v3/tasks/{f.Task}/action", new JsonObject { ["operation"] = operation });
}
