using OpenSms.Core.Contracts;

namespace OpenSms.Core.SpeedLimits;

/// <summary>
/// A task's validated speed-limit windows (at most five, none overlapping) and the IANA zone
/// server-side times are read in. Build one with <see cref="SpeedScheduleValidator.Validate"/>.
/// </summary>
/// <param name="Windows">In request order; <see cref="SpeedWindow.Index"/> equals the position.</param>
/// <param name="TimeZoneId">An IANA id such as "Europe/Berlin"; null means UTC.</param>
public sealed record SpeedSchedule(IReadOnlyList<SpeedWindow> Windows, string? TimeZoneId)
{
    public static readonly SpeedSchedule Empty = new([], null);

    // A method, not a property, so the record stays plain data for serializers.
    public TimeZoneInfo GetTimeZone() =>
        TimeZoneId is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>The wall-clock time in the schedule's zone at <paramref name="instant"/>.</summary>
    public DateTime ToLocal(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, GetTimeZone());

    /// <summary>The wire body GET returns; <c>days</c> is left out when a window applies every day.</summary>
    public SpeedLimitBody ToBody() => new()
    {
        SpeedLimit = Windows.Select(w => (SpeedLimitWindow?)new SpeedLimitWindow
        {
            Start = w.Start,
            End = w.End,
            Speed = w.SpeedMbps,
            OverSpeedThreshold = w.OverSpeedThreshold,
            Days = w.Days == WeekDays.All ? null : w.Days.ToNames(),
        }).ToList(),
        TimeZone = TimeZoneId,
    };
}

/// <summary>What applies when no window is in force: the task's own <c>speed_limit</c> (0 = none).</summary>
public readonly record struct TaskSpeedDefault(int LimitMbps, double OverSpeedThreshold = SpeedScheduleValidator.DefaultThreshold)
{
    public static readonly TaskSpeedDefault None = new(0);
}
