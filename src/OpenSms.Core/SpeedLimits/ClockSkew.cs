using OpenSms.Core.Tasks;

namespace OpenSms.Core.SpeedLimits;

/// <summary>How far an agent's clock is from the server's: positive when the agent is ahead.</summary>
public readonly record struct ClockSkewReading(double Seconds, bool Flagged);

/// <summary>Compares a report's agent_time with the server's receive time.</summary>
public static class ClockSkew
{
    /// <summary>Skews larger than this are flagged: windows follow the agent's clock, so it had better be right.</summary>
    public static readonly TimeSpan FlagAbove = TimeSpan.FromMinutes(5);

    public static ClockSkewReading Measure(AgentTime agentTime, DateTimeOffset receivedAt, SpeedSchedule schedule) =>
        Measure(agentTime, receivedAt, schedule.GetTimeZone());

    /// <summary>
    /// An agent time with an offset is an instant. Without one it is read in <paramref name="zone"/>
    /// (UTC when null); a reading the zone has twice, or skips, takes the offset nearer the server's time.
    /// </summary>
    public static ClockSkewReading Measure(AgentTime agentTime, DateTimeOffset receivedAt, TimeZoneInfo? zone = null)
    {
        var offsets = agentTime.Offset is { } o ? [o] : CandidateOffsets(agentTime.Local, zone ?? TimeZoneInfo.Utc);
        // Ticks, not DateTimeOffset, so an agent clock near year 1 or 9999 cannot overflow.
        var skew = offsets
            .Select(offset => agentTime.Local.Ticks - offset.Ticks - receivedAt.UtcTicks)
            .MinBy(Math.Abs);
        return new(skew / (double)TimeSpan.TicksPerSecond, Math.Abs(skew) > FlagAbove.Ticks);
    }

    static TimeSpan[] CandidateOffsets(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local)) return zone.GetAmbiguousTimeOffsets(local);
        if (!zone.IsInvalidTime(local)) return [zone.GetUtcOffset(local)];
        // A skipped reading lies between the offsets before and after the jump.
        var margin = TimeSpan.FromHours(3);
        return local.Ticks < margin.Ticks || DateTime.MaxValue.Ticks - local.Ticks < margin.Ticks
            ? [zone.BaseUtcOffset]
            : [zone.GetUtcOffset(local - margin), zone.GetUtcOffset(local + margin)];
    }
}
