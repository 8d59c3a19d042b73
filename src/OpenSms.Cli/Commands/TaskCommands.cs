using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSms.Cli.Output;
using OpenSms.Client;
using OpenSms.Core.Contracts;

namespace OpenSms.Cli.Commands;

/// <summary><c>tasks list|show|create|start|stop|restart|delete|watch</c>: migration tasks.</summary>
static class TaskCommands
{
    public static Command Create(CliContext cli)
    {
        var tasks = new Command("tasks", "Migration tasks");
        tasks.Add(List(cli));
        tasks.Add(Show(cli));
        tasks.Add(CreateTask(cli));
        tasks.Add(Action(cli, "start", "Start or resume tasks (READY or ABORT become RUNNING)", (c, id, ct) => c.StartTaskAsync(id, ct)));
        tasks.Add(Action(cli, "stop", "Stop tasks (a running task stops once its agent acknowledges)", (c, id, ct) => c.StopTaskAsync(id, ct)));
        tasks.Add(Action(cli, "restart", "Restart failed tasks", (c, id, ct) => c.RestartTaskAsync(id, ct)));
        tasks.Add(Delete(cli));
        tasks.Add(TaskWatch.Create(cli));
        return tasks;
    }

    static Command List(CliContext cli)
    {
        var state = new Option<string?>("--state") { Description = "Only tasks in this state (e.g. RUNNING)" };
        var name = new Option<string?>("--name") { Description = "Only tasks whose name contains this" };
        var source = new Option<string?>("--source") { Description = "Only the task of this source server" };
        var limit = new Option<int?>("--limit") { Description = "At most this many (default 100)" };
        var offset = new Option<int?>("--offset") { Description = "Skip this many" };
        var list = new Command("list", "List tasks, newest first") { state, name, source, limit, offset };
        cli.Handle(list, async (p, ct) =>
        {
            var answer = await cli.Connect(p).ListTasksAsync(p.GetValue(state), p.GetValue(name), p.GetValue(source),
                limit: p.GetValue(limit), offset: p.GetValue(offset), ct: ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, answer);
            else Render.Table(cli.Console, ["ID", "NAME", "STATE", "SUBTASK", "COPIED", "SPEED", "ETA"],
                answer.Items("tasks").Select(TaskView.From).Select(t => new[]
                {
                    t.Id, t.Name, t.State, t.Step, $"{Wire.Percent(t.Percent)} of {Wire.Bytes(t.Total)}",
                    t.IsActive ? Wire.Speed(t.SpeedMbps) : "", t.IsActive ? Wire.Eta(t.EtaSeconds) : "",
                }));
            return 0;
        });
        return list;
    }

    static Command Show(CliContext cli)
    {
        var id = new Argument<string>("task-id") { Description = "The task's id" };
        var show = new Command("show", "Show one task with its subtasks") { id };
        cli.Handle(show, async (p, ct) =>
        {
            var task = await cli.Connect(p).ShowTaskAsync(p.GetRequiredValue(id), ct);
            if (p.GetValue(cli.Json))
            {
                Render.Json(cli.Console, task);
                return 0;
            }
            var t = TaskView.From(task);
            Render.Fields(cli.Console,
            [
                ("id", t.Id), ("name", t.Name), ("type", $"{task.Str("type")} ({task.Str("os_type")})"), ("state", t.State),
                ("source", $"{t.Source} ({task["source_server"].Str("id")})"), ("copied", $"{Wire.Bytes(t.Replicated)} of {Wire.Bytes(t.Total)} ({Wire.Percent(t.Percent)})"),
                ("speed", Wire.Speed(t.SpeedMbps)), ("eta", Wire.Eta(t.EtaSeconds)), ("speed limit", task.Long("speed_limit") is > 0 and var l ? $"{l} Mbit/s" : "none"),
                ("created", Wire.Time(task.Long("create_date"))), ("started", Wire.Time(task.Long("start_date"))),
                ("finished", Wire.Time(task.Long("finish_date"))), ("error", task.Str("error_json")),
            ]);
            Render.Table(cli.Console, ["SUBTASK", "PROGRESS", "STARTED", "ENDED", "TRACE"],
                task.Items("sub_tasks").Select(s => new[]
                {
                    s.Str("name"), Wire.Percent(s.Double("progress")), Wire.Time(s.Long("start_date")), Wire.Time(s.Long("end_date")), s.Str("process_trace"),
                }));
            return 0;
        });
        return show;
    }

    static Command CreateTask(CliContext cli)
    {
        var name = new Option<string>("--name") { Description = "The task's name (letters, digits, _ and -)", Required = true };
        var source = new Option<string>("--source") { Description = "The source server's id", Required = true };
        var type = new Option<string>("--type") { Description = "MIGRATE_FILE or MIGRATE_BLOCK", DefaultValueFactory = _ => "MIGRATE_FILE" };
        type.AcceptOnlyFromAmong("MIGRATE_FILE", "MIGRATE_BLOCK");
        var os = new Option<string?>("--os") { Description = "LINUX or WINDOWS (default: the source's)" };
        var target = new Option<string?>("--target-name") { Description = "The target server's name (default: <name>-target)" };
        var vmId = new Option<string?>("--vm-id") { Description = "An existing target server's id" };
        var speedLimit = new Option<int?>("--speed-limit") { Description = "The task's own limit in Mbit/s (0 = none)" };
        var region = new Option<string>("--region") { Description = "Target region", DefaultValueFactory = _ => "opensms-1" };
        var project = new Option<string>("--project") { Description = "Target project", DefaultValueFactory = _ => "default" };
        var start = new Option<bool>("--start") { Description = "Start the task at once" };
        var create = new Command("create", "Create a migration task for a source server; prints its id")
            { name, source, type, os, target, vmId, speedLimit, region, project, start };
        cli.Handle(create, async (p, ct) =>
        {
            var taskName = p.GetRequiredValue(name);
            var targetServer = new JsonObject { ["name"] = p.GetValue(target) ?? taskName + "-target", ["vm_id"] = p.GetValue(vmId) ?? "" };
            var id = await cli.Connect(p).CreateTaskAsync(new CreateTaskRequest
            {
                Name = taskName, Type = p.GetValue(type), OsType = p.GetValue(os), SourceServer = new SourceRef(p.GetRequiredValue(source)),
                TargetServer = JsonSerializer.SerializeToElement(targetServer), SpeedLimit = p.GetValue(speedLimit),
                RegionName = p.GetValue(region), RegionId = p.GetValue(region), ProjectName = p.GetValue(project), ProjectId = p.GetValue(project),
                AutoStart = p.GetValue(start) ? true : null,
            }, ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, new JsonObject { ["id"] = id });
            else await cli.Console.Out.WriteLineAsync(id);
            return 0;
        });
        return create;
    }

    static Command Action(CliContext cli, string verb, string description, Func<OpenSmsClient, string, CancellationToken, Task> act)
    {
        var ids = new Argument<string[]>("task-id") { Description = "One or more task ids", Arity = ArgumentArity.OneOrMore };
        var command = new Command(verb, description) { ids };
        cli.Handle(command, async (p, ct) =>
        {
            var client = cli.Connect(p);
            foreach (var id in p.GetRequiredValue(ids))
            {
                await act(client, id, ct);
                await cli.Console.Out.WriteLineAsync($"{verb}: {id}");
            }
            return 0;
        });
        return command;
    }

    static Command Delete(CliContext cli)
    {
        var ids = new Argument<string[]>("task-id") { Description = "One or more task ids", Arity = ArgumentArity.OneOrMore };
        var delete = new Command("delete", "Delete tasks (all or none; running tasks must be stopped first)") { ids };
        cli.Handle(delete, async (p, ct) =>
        {
            var all = p.GetRequiredValue(ids);
            var client = cli.Connect(p);
            if (all.Length == 1) await client.DeleteTaskAsync(all[0], ct);
            else await client.DeleteTasksAsync(all, ct);
            await cli.Console.Out.WriteLineAsync($"Deleted {all.Length} task(s).");
            return 0;
        });
        return delete;
    }
}
