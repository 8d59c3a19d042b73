using OpenSms.Client;

namespace OpenSms.Cli.Conformance;

/// <summary>
/// The wire-compatibility checks of the task, progress and speed-limit API, in the order of one
/// task's life: create, read, limit, run and report, stop and resume, finish, delete. They create
/// one source server and one task of their own and delete them at the end.
/// </summary>
static class ConformanceSuite
{
    /// <summary>The groups a run can be limited to; the task group's set-up and clean-up always run.</summary>
    public static readonly IReadOnlyList<string> Groups = ["tasks", "progress", "speed-limit"];

    public static async Task<(int Passed, int Failed)> RunAsync(OpenSmsClient client, TextWriter output, IReadOnlySet<string> groups, CancellationToken ct)
    {
        var run = new ConformanceRun(client, output, ct);
        var fixture = new Fixture($"conformance-{Guid.NewGuid().ToString("N")[..8]}");
        await TaskChecks.CreateAsync(run, fixture);
        if (groups.Contains("tasks")) await TaskChecks.ReadAsync(run, fixture);
        if (groups.Contains("speed-limit")) await SpeedLimitChecks.RunAsync(run, fixture);
        if (groups.Contains("progress")) await ProgressChecks.RunningAsync(run, fixture);
        if (groups.Contains("tasks")) await TaskChecks.StopAndResumeAsync(run, fixture);
        if (groups.Contains("progress")) await ProgressChecks.FinishAsync(run, fixture);
        else await ProgressChecks.FinishQuietlyAsync(run, fixture);
        await TaskChecks.DeleteAsync(run, fixture);
        return (run.Passed, run.Failed);
    }
}

/// <summary>The source server and task the checks share; a check that needs one that was never made fails saying so.</summary>
sealed class Fixture(string name)
{
    public string Name => name;
    public string? SourceId { get; set; }
    public string? TaskId { get; set; }

    public string Source => SourceId ?? throw new CheckFailed("not run: RegisterServer failed, so there is no source server");
    public string Task => TaskId ?? throw new CheckFailed("not run: CreateTask failed, so there is no task");

    public static string UnknownId => "00000000-0000-4000-8000-000000000000";
}
