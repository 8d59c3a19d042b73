using System.CommandLine;
using System.Globalization;
using OpenSms.Client.Simulation;

namespace OpenSms.Cli.Commands;

/// <summary><c>agent simulate</c>: simulated migration agents that report through the current profile.</summary>
static class AgentCommands
{
    public static Command Create(CliContext cli)
    {
        var agent = new Command("agent", "Migration agents");
        var count = new Option<int>("--tasks") { Description = "How many agents (each with a new source server and task)", DefaultValueFactory = _ => 3 };
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "How often each agent polls and reports", DefaultValueFactory = _ => TimeSpan.FromSeconds(5), CustomParser = Durations.Parse,
        };
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "Roughly how long each data copy takes", DefaultValueFactory = _ => TimeSpan.FromMinutes(3), CustomParser = Durations.Parse,
        };
        var taskIds = new Option<string[]>("--task") { Description = "Run this existing task instead of creating new ones (repeatable)" };
        var existing = new Option<bool>("--existing") { Description = "Run every READY task of the account instead of creating new ones" };
        var noStart = new Option<bool>("--no-start") { Description = "Leave READY tasks for someone to start" };
        var overspeed = new Option<bool>("--overspeed") { Description = "Break the speed limits (to see over-speed protection stop the tasks)" };
        var overspeedBy = new Option<int>("--overspeed-by") { Description = "How far above the over-speed line, in percent", DefaultValueFactory = _ => 50 };
        var continuous = new Option<bool>("--continuous") { Description = "After a finish, move on to a new server and task" };
        var seed = new Option<int?>("--seed") { Description = "Repeat a run exactly" };
        var simulate = new Command("simulate", "Run simulated agents: register sources, create tasks, report realistic progress")
            { count, interval, duration, taskIds, existing, noStart, overspeed, overspeedBy, continuous, seed };
        cli.Handle(simulate, async (p, ct) =>
        {
            var client = cli.Connect(p);
            IReadOnlyList<string>? ids = p.GetValue(taskIds) is { Length: > 0 } given ? given : null;
            if (p.GetValue(existing))
            {
                var ready = await client.ListTasksAsync(state: "READY", limit: 200, ct: ct);
                ids = ready["tasks"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
                if (ids.Count == 0) throw new CliException("There is no READY task to run.");
            }
            var output = TextWriter.Synchronized(cli.Console.Out);
            var options = new SimulatorOptions
            {
                Agents = p.GetValue(count), Interval = p.GetValue(interval), Duration = p.GetValue(duration), TaskIds = ids,
                StartTasks = !p.GetValue(noStart), Overspeed = p.GetValue(overspeed) ? p.GetValue(overspeedBy) / 100.0 : null,
                Continuous = p.GetValue(continuous), Seed = p.GetValue(seed),
                OnEvent = e => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{DateTime.Now:HH:mm:ss}  {e.Agent,-20}  {e.Message}")),
            };
            try
            {
                var outcomes = await new AgentSimulator(client, options).RunAsync(ct);
                await output.WriteLineAsync($"{outcomes.Count(o => o.Finished)} of {outcomes.Count} task(s) finished.");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await output.WriteLineAsync("Stopped.");
            }
            return 0;
        });
        agent.Add(simulate);
        return agent;
    }
}
