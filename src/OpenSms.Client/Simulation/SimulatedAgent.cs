using System.Globalization;
using System.Net;
using OpenSms.Core.Contracts;

namespace OpenSms.Client.Simulation;

/// <summary>
/// One migration agent, as Huawei's SMS agent behaves: it polls ShowCommand, runs its subtasks
/// while told START, reports progress, speed and host telemetry every tick, acknowledges STOP and
/// waits to be started again. It talks to the server only through <see cref="OpenSmsClient"/>.
/// </summary>
sealed class SimulatedAgent(OpenSmsClient client, SimulatedServer server, SimulatorOptions options, Random random)
{
    readonly MigrationPlan plan = MigrationPlan.For(server.OsType, server.MigrationType);
    readonly SpeedLimitReader limits = new(client, server.TaskId!, options.Clock);
    readonly string sourceId = server.SourceId!;
    readonly string taskId = server.TaskId!;
    int step;
    int stepProgress;
    long replicated;
    bool startedByUs;
    bool waitingSaid;
    DateTimeOffset lastTick;

    /// <summary>Continues where an earlier agent left off: finished subtasks and bytes copied stay done.</summary>
    public void ResumeFrom(System.Text.Json.Nodes.JsonObject task)
    {
        replicated = task["replicatesize"]?.GetValue<long>() ?? 0;
        var done = task["sub_tasks"]?.AsArray()
            .Where(s => s?["progress"]?.GetValue<int>() == 100).Select(s => s!["name"]!.GetValue<string>()).ToHashSet() ?? [];
        while (step < plan.Subtasks.Count - 1 && done.Contains(plan.Subtasks[step])) step++;
    }

    /// <summary>Runs until the task has finished (true) or is gone (false).</summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                if (await TickAsync(ct) is { } finished) return finished;
            }
            catch (OpenSmsApiException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode == "SMS.9005")
            {
                Say(AgentEventKind.Gone, "the task or source server was deleted");
                return false;
            }
            catch (OpenSmsApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized && options.Reauthenticate is { } signIn)
            {
                Say(AgentEventKind.Error, e.Message + "; signing in again");
                await signIn(ct);
            }
            catch (OpenSmsApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                // The task left the states that accept progress between our poll and our report; the next poll says what to do.
            }
            catch (Exception e) when (e is OpenSmsApiException or HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                Say(AgentEventKind.Error, e.Message);
            }
            await Task.Delay(options.Interval, options.Clock, ct);
        }
    }

    /// <summary>One poll and what it asks for; true/false when the agent is done, null to go on.</summary>
    async Task<bool?> TickAsync(CancellationToken ct)
    {
        var command = await client.ShowCommandAsync(sourceId, ct);
        if (command.CommandParam.TaskId is null)
        {
            Say(AgentEventKind.Gone, "the source server has no task any more");
            return false;
        }
        switch (command.CommandName)
        {
            case "START":
                waitingSaid = false;
                if (await StepAsync(ct)) return Finished();
                break;
            case "STOP":
                await client.UpdateCommandResultAsync(sourceId, new CommandResultRequest("STOP", "success", null), ct);
                lastTick = default;
                Say(AgentEventKind.Stopped, "stopped on request");
                break;
            case "SKIP" or "PREMIGRATE":
                await client.UpdateCommandResultAsync(sourceId, new CommandResultRequest(command.CommandName, "success", null), ct);
                break;
            case "TASK_NOT_STARTED" when options.StartTasks && !startedByUs:
                await client.StartTaskAsync(taskId, ct);
                startedByUs = true;
                Say(AgentEventKind.Started, "started the task");
                break;
            case "TASK_HAS_FINISHED":
                return Finished();
            case "TASK_HAS_STOPPED" or "TASK_NOT_STARTED" when !waitingSaid:
                waitingSaid = true;
                Say(AgentEventKind.Stopped, command.CommandName == "TASK_HAS_STOPPED" ? "task stopped; waiting to be started" : "waiting to be started");
                break;
        }
        return null;
    }

    bool Finished()
    {
        Say(AgentEventKind.Finished, "migration finished");
        return true;
    }

    /// <summary>Works on the current subtask for one tick and reports it; true when the last subtask is done.</summary>
    async Task<bool> StepAsync(CancellationToken ct)
    {
        var subtask = plan.Subtasks[step];
        if (stepProgress == 0) Say(AgentEventKind.Subtask, $"{subtask} started");
        var elapsed = Elapsed();
        double? speed = null;
        var copied = replicated;
        var progress = stepProgress;
        if (subtask == plan.CopySubtask)
        {
            speed = await NextSpeedAsync(ct);
            copied = Math.Min(server.TotalBytes, replicated + Math.Max(1, (long)(speed.Value * 125_000 * elapsed.TotalSeconds)));
            progress = copied == server.TotalBytes ? 100 : (int)Math.Min(99, copied * 100 / server.TotalBytes);
        }
        else
        {
            // Set-up steps take one to three ticks; creating the server is the slow one.
            var ticks = subtask == "CREATE_CLOUD_SERVER" ? 3 : 1 + random.Next(2);
            progress = Math.Min(100, stepProgress + (100 / ticks) + 1);
        }

        await client.ReportProgressAsync(taskId, Report(subtask, progress, copied, speed), ct);
        replicated = copied;
        stepProgress = progress;
        if (progress < 100) return false;
        stepProgress = 0;
        return ++step == plan.Subtasks.Count;
    }

    TimeSpan Elapsed()
    {
        var now = options.Clock.GetUtcNow();
        var elapsed = lastTick == default ? options.Interval : now - lastTick;
        lastTick = now;
        // A long pause (a stop, a slow server) does not count as copying time.
        return elapsed > options.Interval * 3 ? options.Interval : elapsed;
    }

    async Task<double> NextSpeedAsync(CancellationToken ct)
    {
        var limit = await limits.InForceAsync(ct);
        var speed = server.BaseSpeedMbps * (0.85 + (random.NextDouble() * 0.3));
        if (!limit.Unlimited)
        {
            speed = options.Overspeed is { } over
                ? limit.OverSpeedAboveMbps * (1 + over) * (0.97 + (random.NextDouble() * 0.06))
                : Math.Min(speed, limit.LimitMbps * (0.9 + (random.NextDouble() * 0.09)));
        }
        return Math.Round(speed, 1);
    }

    ProgressRequest Report(string subtask, int progress, long copied, double? speed)
    {
        var load = speed ?? 0;
        var bytesLeft = server.TotalBytes - copied;
        return new ProgressRequest
        {
            SubtaskName = subtask, Progress = progress, Replicatesize = copied, Totalsize = server.TotalBytes,
            ProcessTrace = MigrationPlan.Trace(subtask), MigrateSpeed = speed,
            CompressRate = subtask == plan.CopySubtask ? Math.Round(0.4 + (random.NextDouble() * 0.2), 2) : null,
            RemainTime = (long)(bytesLeft / ((speed ?? server.BaseSpeedMbps) * 125_000)),
            TotalCpuUsage = Noisy(12 + (load / 12), 4, 100),
            AgentCpuUsage = Noisy(2 + (load / 30), 1, 100),
            TotalMemUsage = Noisy(server.MemoryMb * 0.4, server.MemoryMb * 0.05, server.MemoryMb),
            AgentMemUsage = Noisy(180 + (load / 4), 15, 4096),
            TotalDiskIo = Noisy(4 + (load * 1.1), 3, 100_000),
            AgentDiskIo = Noisy(load, 1, 100_000),
            AgentTime = options.Clock.GetLocalNow().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        };
    }

    double Noisy(double value, double spread, double max) =>
        Math.Round(Math.Clamp(value + ((random.NextDouble() - 0.5) * 2 * spread), 0, max), 1);

    void Say(AgentEventKind kind, string message) => options.OnEvent?.Invoke(new AgentEvent(server.Name, taskId, kind, message));
}
