namespace OpenSms.Client.Simulation;

/// <summary>How <see cref="AgentSimulator"/> behaves.</summary>
public sealed record SimulatorOptions
{
    /// <summary>How many agents (source servers with one task each) to create. Ignored when <see cref="TaskIds"/> is set.</summary>
    public int Agents { get; init; } = 3;

    /// <summary>How often each agent polls its command and reports progress.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Roughly how long the data copy takes at the agent's own speed; the disk size follows from it.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Run existing tasks instead of creating new ones; the agent acts for each task's source server.</summary>
    public IReadOnlyList<string>? TaskIds { get; init; }

    /// <summary>Start a task that is READY (as an operator would); otherwise the agent waits for someone to start it.</summary>
    public bool StartTasks { get; init; } = true;

    /// <summary>Ignore the speed limits and go this much faster than the limit in force (e.g. 0.5 = 50 % over); null obeys them.</summary>
    public double? Overspeed { get; init; }

    /// <summary>After a task finishes, the agent moves on to a new source server and task (demo mode).</summary>
    public bool Continuous { get; init; }

    /// <summary>Prefix of the names of created source servers and tasks.</summary>
    public string NamePrefix { get; init; } = "sim";

    /// <summary>Seeds the randomness, so a run can be repeated; random when null.</summary>
    public int? Seed { get; init; }

    /// <summary>The agents' clock (their local time is what speed-limit windows are read in).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Called when a request is refused as unauthenticated (an expired or revoked token), to sign
    /// in again; the agent then carries on. Without it the agent keeps trying as it is.
    /// </summary>
    public Func<CancellationToken, Task>? Reauthenticate { get; init; }

    /// <summary>Receives what the agents do, one event at a time (called from several agents at once).</summary>
    public Action<AgentEvent>? OnEvent { get; init; }
}

/// <summary>Something an agent did or saw.</summary>
/// <param name="Agent">The agent's (source server's) name.</param>
/// <param name="TaskId">Its task.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A line for a person.</param>
public sealed record AgentEvent(string Agent, string? TaskId, AgentEventKind Kind, string Message);

/// <summary>The kinds of <see cref="AgentEvent"/>.</summary>
public enum AgentEventKind
{
    /// <summary>The agent registered its source server (and created a task).</summary>
    Registered,
    /// <summary>The agent started its task (as an operator would).</summary>
    Started,
    /// <summary>The agent began a subtask.</summary>
    Subtask,
    /// <summary>The agent received STOP and acknowledged it.</summary>
    Stopped,
    /// <summary>The task finished (MIGRATE_SUCCESS).</summary>
    Finished,
    /// <summary>The agent gave up on its task (deleted, or failed).</summary>
    Gone,
    /// <summary>A request failed; the agent tries again on its next tick.</summary>
    Error,
}
