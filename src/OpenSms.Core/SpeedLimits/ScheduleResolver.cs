using OpenSms.Core.Tasks;

namespace OpenSms.Core.SpeedLimits;

/// <summary>The limit in force at one moment, and where it comes from.</summary>
/// <param name="LimitMbps">Mbit/s; 0 means no limit.</param>
/// <param name="OverSpeedThreshold">Percent above the limit allowed before a report is over speed.</param>
/// <param name="WindowIndex">The window in force, or null when the task's own limit applies.</param>
public readonly record struct SpeedLimitInForce(int LimitMbps, double OverSpeedThreshold, int? WindowIndex)
{
    public bool Unlimited => LimitMbps <= 0;

    /// <summary>The speed a report must exceed to be over: limit × (1 + threshold/100).</summary>
    public double OverSpeedAboveMbps => LimitMbps * (1 + (OverSpeedThreshold / 100));

    /// <summary>False whenever there is no limit or no measured speed.</summary>
    public bool IsOver(double? speedMbps)
    {
        if (Unlimited || speedMbps is not { } s) return false;
        if (!double.IsFinite(s) || !double.IsFinite(OverSpeedThreshold)) return s > OverSpeedAboveMbps;
        // In decimal, so a speed of exactly 7.7 against 7 Mbit/s + 10 % is at the limit, not above it
        // by a binary rounding error.
        return (decimal)s > LimitMbps * (1 + ((decimal)OverSpeedThreshold / 100));
    }
}

/// <summary>Finds the window in force for a wall-clock reading or a UTC instant.</summary>
public static class ScheduleResolver
{
    /// <summary>
    /// Reads <paramref name="local"/> as a wall clock (its Kind is ignored): its time of day and day of
    /// week decide. Use it for the agent's own <see cref="AgentTime.Local"/>.
    /// </summary>
    public static SpeedLimitInForce AtLocal(SpeedSchedule schedule, DateTime local, TaskSpeedDefault taskDefault)
    {
        // Validation forbids overlaps; should an unvalidated schedule have them, the first window wins.
        foreach (var w in schedule.Windows)
        {
            if (w.Covers(local)) return new(w.SpeedMbps, w.OverSpeedThreshold, w.Index);
        }
        return new(taskDefault.LimitMbps, taskDefault.OverSpeedThreshold, null);
    }

    /// <summary>Converts <paramref name="instant"/> to the schedule's zone (UTC when none) and resolves that.</summary>
    public static SpeedLimitInForce AtInstant(SpeedSchedule schedule, DateTimeOffset instant, TaskSpeedDefault taskDefault) =>
        AtLocal(schedule, schedule.ToLocal(instant), taskDefault);

    /// <summary>
    /// The limit a progress report is judged against: the agent's wall clock when it sent agent_time,
    /// otherwise the server's receive time in the schedule's zone.
    /// </summary>
    public static SpeedLimitInForce ForReport(SpeedSchedule schedule, DateTimeOffset receivedAt, AgentTime? agentTime,
        TaskSpeedDefault taskDefault) =>
        agentTime is { } a ? AtLocal(schedule, a.Local, taskDefault) : AtInstant(schedule, receivedAt, taskDefault);
}
