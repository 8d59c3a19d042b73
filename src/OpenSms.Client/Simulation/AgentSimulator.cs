namespace OpenSms.Client.Simulation;

/// <summary>What became of one agent's task.</summary>
/// <param name="Agent">The agent's (source server's) name.</param>
/// <param name="TaskId">The task it ran.</param>
/// <param name="Finished">True when the task reached MIGRATE_SUCCESS; false when it was deleted.</param>
public sealed record AgentOutcome(string Agent, string TaskId, bool Finished);

/// <summary>
/// Simulated migration agents: each registers a source server and creates a task for it (or takes
/// an existing task), then runs the task's subtasks as a real agent would. Used by
/// <c>opensms agent simulate</c> and by the server's demo mode.
/// </summary>
/// <param name="client">An authenticated client (token or AK/SK); every agent reports through it.</param>
/// <param name="options">How many agents, how fast, and how they treat speed limits.</param>
public sealed class AgentSimulator(OpenSmsClient client, SimulatorOptions options)
{
    readonly Random seeds = options.Seed is { } seed ? new Random(seed) : new Random();

    /// <summary>
    /// Runs every agent until its task has finished or is gone. With
    /// <see cref="SimulatorOptions.Continuous"/> each agent moves on to a new server after a finish,
    /// and only <paramref name="ct"/> ends the run.
    /// </summary>
    /// <param name="ct">Stops every agent.</param>
    /// <returns>One outcome per task run, in no particular order.</returns>
    public async Task<IReadOnlyList<AgentOutcome>> RunAsync(CancellationToken ct = default)
    {
        var runs = options.TaskIds is { } ids
            ? ids.Select(id => AdoptAsync(id, NextRandom(), ct))
            : Enumerable.Range(1, options.Agents).Select(n => SlotAsync(n, NextRandom(), ct));
        return (await Task.WhenAll(runs.ToList())).SelectMany(o => o).ToList();
    }

    Random NextRandom()
    {
        lock (seeds) return new Random(seeds.Next());
    }

    async Task<IReadOnlyList<AgentOutcome>> AdoptAsync(string taskId, Random random, CancellationToken ct)
    {
        var task = await client.ShowTaskAsync(taskId, ct);
        var server = SimulatedServer.Adopt(task, random, options.Duration);
        var agent = new SimulatedAgent(client, server, options, random);
        agent.ResumeFrom(task);
        return [new AgentOutcome(server.Name, taskId, await agent.RunAsync(ct))];
    }

    /// <summary>One agent slot: a new server and task, run to the end, and again when continuous.</summary>
    async Task<IReadOnlyList<AgentOutcome>> SlotAsync(int number, Random random, CancellationToken ct)
    {
        var outcomes = new List<AgentOutcome>();
        do
        {
            var server = await RegisterAsync(SimulatedServer.Invent(random, options.NamePrefix, number, options.Duration), random, ct);
            var finished = await new SimulatedAgent(client, server, options, random).RunAsync(ct);
            outcomes.Add(new AgentOutcome(server.Name, server.TaskId!, finished));
        }
        while (options.Continuous && !ct.IsCancellationRequested);
        return outcomes;
    }

    async Task<SimulatedServer> RegisterAsync(SimulatedServer server, Random random, CancellationToken ct)
    {
        var sourceId = await client.RegisterServerAsync(server.Registration(random), ct);
        var taskId = await client.CreateTaskAsync(server.TaskRequest(sourceId), ct);
        options.OnEvent?.Invoke(new AgentEvent(server.Name, taskId, AgentEventKind.Registered,
            $"registered {server.OsType} source {sourceId}, created {server.MigrationType} task"));
        return server with { SourceId = sourceId, TaskId = taskId };
    }
}
