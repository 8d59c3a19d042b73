using System.CommandLine;
using OpenSms.Cli.Output;

namespace OpenSms.Cli.Commands;

/// <summary><c>sources list|show|delete</c>: the source servers agents have registered.</summary>
static class SourceCommands
{
    public static Command Create(CliContext cli)
    {
        var sources = new Command("sources", "Source servers registered by agents");

        var state = new Option<string?>("--state") { Description = "Only sources in this state (e.g. replicate, finished)" };
        var name = new Option<string?>("--name") { Description = "Only sources whose name contains this" };
        var limit = new Option<int?>("--limit") { Description = "At most this many (default 200)" };
        var offset = new Option<int?>("--offset") { Description = "Skip this many" };
        var list = new Command("list", "List source servers") { state, name, limit, offset };
        cli.Handle(list, async (p, ct) =>
        {
            var answer = await cli.Connect(p).ListServersAsync(p.GetValue(state), p.GetValue(name), p.GetValue(limit), p.GetValue(offset), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, answer);
            else Render.Table(cli.Console, ["ID", "NAME", "IP", "OS", "STATE", "CONNECTED", "TASK"],
                answer.Items("source_servers").Select(s => new[]
                {
                    s.Str("id"), s.Str("name"), s.Str("ip") ?? s.Str("ipv6"), $"{s.Str("os_type")} {s.Str("os_version")}".Trim(),
                    s.Str("state"), s.Str("connected"), s["current_task"].Str("state"),
                }));
            return 0;
        });

        var id = new Argument<string>("source-id") { Description = "The source server's id" };
        var show = new Command("show", "Show one source server") { id };
        cli.Handle(show, async (p, ct) =>
        {
            var s = await cli.Connect(p).ShowServerAsync(p.GetRequiredValue(id), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, s);
            else Render.Fields(cli.Console,
            [
                ("id", s.Str("id")), ("name", s.Str("name")), ("ip", s.Str("ip") ?? s.Str("ipv6")), ("os", $"{s.Str("os_type")} {s.Str("os_version")}"),
                ("agent", s.Str("agent_version")), ("state", s.Str("state")), ("connected", s.Str("connected")),
                ("last seen", Wire.Time(s.Long("last_visit_time"))), ("registered", Wire.Time(s.Long("add_date"))),
                ("task", s["current_task"] is { } t ? $"{t.Str("id")} ({t.Str("state")})" : "none"),
            ]);
            return 0;
        });

        var ids = new Argument<string[]>("source-id") { Description = "One or more source server ids", Arity = ArgumentArity.OneOrMore };
        var delete = new Command("delete", "Delete source servers with their tasks (all or none)") { ids };
        cli.Handle(delete, async (p, ct) =>
        {
            var all = p.GetRequiredValue(ids);
            var client = cli.Connect(p);
            if (all.Length == 1) await client.DeleteServerAsync(all[0], ct);
            else await client.DeleteServersAsync(all, ct);
            await cli.Console.Out.WriteLineAsync($"Deleted {all.Length} source server(s).");
            return 0;
        });

        sources.Add(list);
        sources.Add(show);
        sources.Add(delete);
        return sources;
    }
}
