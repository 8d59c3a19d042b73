using System.Collections.Concurrent;
using System.Text.Json;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;

namespace OpenSms.Server.Storage;

/// <summary>
/// The part of speed limits and over-speed protection that is not SQL, shared by every provider's
/// task and progress stores: what a report means for its task, and the rows' JSON in and out.
/// Each store keeps its own SQL; this keeps the two providers' behaviour one and the same.
/// </summary>
public sealed class OverSpeedJudge(OverSpeedOptions options)
{
    // Every report of a task reads the same schedule text; parsing it once per text keeps the hot
    // path to the detector itself. Keyed by the text, so a changed schedule is simply a new entry.
    readonly ConcurrentDictionary<string, SpeedSchedule> schedules = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs the detector on one accepted report of <paramref name="task"/>, whose state the report
    /// moves to <paramref name="next"/> unless it stops the task.
    /// </summary>
    public OverSpeedOutcome Judge(OverSpeedTaskRow task, string next, ProgressReport r)
    {
        var schedule = task.SpeedSchedule is { } json ? Schedule(json) : SpeedSchedule.Empty;
        var detectorJson = task.OverspeedState;
        OverSpeedVerdict? verdict = null;
        // Only a task being migrated can be over speed: one stopping or finished has nothing left to
        // stop. A task that has never had any limit has no detector state to keep either.
        var limited = detectorJson is not null || schedule.Windows.Count > 0 || task.SpeedLimit > 0;
        if (limited && next is TaskStates.Running or TaskStates.Syncing)
        {
            var before = detectorJson is null ? OverSpeedState.Empty : JsonSerializer.Deserialize(detectorJson, StorageJson.Default.OverSpeedState)!;
            var taskDefault = new TaskSpeedDefault(task.SpeedLimit, task.OverSpeedThreshold ?? SpeedScheduleValidator.DefaultThreshold);
            (var after, verdict) = OverSpeedDetector.Observe(before, SpeedObservation.From(r), schedule, taskDefault, options);
            detectorJson = JsonSerializer.Serialize(after, StorageJson.Default.OverSpeedState);
        }
        var skew = r.AgentTime is { } agentTime
            ? ClockSkew.Measure(agentTime, DateTimeOffset.FromUnixTimeMilliseconds(r.ReceivedAt), schedule)
            : (ClockSkewReading?)null;
        return new OverSpeedOutcome(verdict?.Stop is true ? TaskStates.Abort : next, detectorJson, verdict, skew);
    }

    SpeedSchedule Schedule(string json)
    {
        if (schedules.TryGetValue(json, out var schedule)) return schedule;
        if (schedules.Count >= 10_000) schedules.Clear();
        return schedules[json] = OverSpeedRows.ParseSchedule(json);
    }
}

/// <summary>The columns of a task the over-speed detector needs, read in the report's one SELECT.</summary>
public sealed class OverSpeedTaskRow
{
    public string State { get; init; } = "";
    public int SpeedLimit { get; init; }
    public double? OverSpeedThreshold { get; init; }
    public string? SpeedSchedule { get; init; }
    public string? OverspeedState { get; init; }
}

/// <summary>What one report means for its task's row.</summary>
/// <param name="Next">The task's new state: ABORT when the report stopped it.</param>
/// <param name="DetectorJson">The detector's state to keep in overspeed_state.</param>
/// <param name="Verdict">Null when the detector did not run.</param>
/// <param name="Skew">The agent's clock skew, when the report carried agent_time.</param>
public readonly record struct OverSpeedOutcome(string Next, string? DetectorJson, OverSpeedVerdict? Verdict, ClockSkewReading? Skew)
{
    /// <summary>A stop for over speed is error_for_overspeed done by the server.</summary>
    public bool Stopped => Verdict?.Stop is true;

    /// <summary>The runs to keep as overspeed_events, in the order they ended.</summary>
    public IReadOnlyList<OverSpeedEpisode> Events() => (Verdict?.Ended, Verdict?.Stopped) switch
    {
        // Nearly every report: nothing ended, and nothing allocated to say so (it is asked twice per report).
        (null, null) => [],
        ({ } nearMiss, null) => [nearMiss],
        (null, { } stop) => [stop],
        ({ } nearMiss, { } stop) => [nearMiss, stop],
    };
}

/// <summary>The speed-limit columns and overspeed_events rows to and from their domain records.</summary>
public static class OverSpeedRows
{
    public static SpeedSchedule ParseSchedule(string json) => JsonSerializer.Deserialize(json, StorageJson.Default.SpeedSchedule)!;

    public static string ScheduleJson(SpeedSchedule schedule) => JsonSerializer.Serialize(schedule, StorageJson.Default.SpeedSchedule);

    public static TaskSpeedLimits Limits(SpeedLimitRow row) => new(
        row.Schedule is { } json ? ParseSchedule(json) : SpeedSchedule.Empty,
        new TaskSpeedDefault(row.SpeedLimit, row.Threshold ?? SpeedScheduleValidator.DefaultThreshold));

    /// <summary>The parameters of an overspeed_events insert: taskId, startedAt, endedAt, Stopped, window, LimitMbps, ….</summary>
    public static object EventArgs(string taskId, OverSpeedEpisode e) => new
    {
        taskId, startedAt = e.StartedAt.ToUnixTimeMilliseconds(), endedAt = e.EndedAt.ToUnixTimeMilliseconds(), e.Stopped,
        window = e.Window is { } w ? JsonSerializer.Serialize(w, StorageJson.Default.SpeedWindow) : null,
        e.LimitMbps, e.OverSpeedThreshold, e.ReportCount, e.PeakMbps,
        samples = JsonSerializer.Serialize(e.Samples, StorageJson.Default.IReadOnlyListOverSpeedSample),
    };

    public static OverSpeedEpisode Episode(EventRow e) => new(
        DateTimeOffset.FromUnixTimeMilliseconds(e.StartedAt), DateTimeOffset.FromUnixTimeMilliseconds(e.EndedAt), e.Stopped,
        e.WindowJson is { } w ? JsonSerializer.Deserialize(w, StorageJson.Default.SpeedWindow) : null,
        e.LimitMbps, e.OverSpeedThreshold, e.ReportCount, e.PeakMbps,
        JsonSerializer.Deserialize(e.SamplesJson, StorageJson.Default.IReadOnlyListOverSpeedSample)!);

    /// <summary>speed_schedule AS schedule, speed_limit, the task's own threshold AS threshold.</summary>
    public sealed class SpeedLimitRow
    {
        public string? Schedule { get; init; }
        public int SpeedLimit { get; init; }
        public double? Threshold { get; init; }
    }

    /// <summary>One overspeed_events row, without its id and task_id.</summary>
    public sealed class EventRow
    {
        public long StartedAt { get; init; }
        public long EndedAt { get; init; }
        public bool Stopped { get; init; }
        public string? WindowJson { get; init; }
        public int LimitMbps { get; init; }
        public double OverSpeedThreshold { get; init; }
        public int ReportCount { get; init; }
        public double PeakMbps { get; init; }
        public string SamplesJson { get; init; } = "";
    }
}
