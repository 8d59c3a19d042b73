using System.Globalization;

namespace OpenSms.Core.SpeedLimits;

/// <summary>
/// A validated speed-limit window. Times are minutes after midnight as written on the wire
/// (0–1439); <see cref="SpeedMbps"/> 0 means no limit while the window is in force.
/// </summary>
/// <param name="Index">The window's position in the request, used in errors, timelines and events.</param>
/// <param name="StartMinute">Minutes after midnight of <c>start</c>.</param>
/// <param name="EndMinute">Minutes after midnight of <c>end</c>; 1439 ("23:59") runs to midnight.</param>
/// <param name="SpeedMbps">The limit in Mbit/s while the window is in force; 0 = none.</param>
/// <param name="OverSpeedThreshold">Percent above the limit a report may go before it counts as over.</param>
/// <param name="Days">The days an occurrence may start on; a window crossing midnight belongs to the day it starts.</param>
public sealed record SpeedWindow(int Index, int StartMinute, int EndMinute, int SpeedMbps, double OverSpeedThreshold, WeekDays Days)
{
    public const int MinutesPerDay = 24 * 60;
    const int LastMinute = MinutesPerDay - 1;

    public string Start => Format(StartMinute);
    public string End => Format(EndMinute);
    public bool CrossesMidnight => StartMinute > EndMinute;

    /// <summary>
    /// Minutes from the start day's midnight to the exclusive end. "23:59" as an end means midnight,
    /// so a window ending then covers 23:59:59 too; an end before the start lies on the next day.
    /// </summary>
    public int EndOffsetMinutes => EndMinute == LastMinute ? MinutesPerDay
        : CrossesMidnight ? EndMinute + MinutesPerDay
        : EndMinute;

    /// <summary>Whether the wall-clock reading <paramref name="local"/> falls in an occurrence of this window.</summary>
    public bool Covers(DateTime local)
    {
        var tod = local.TimeOfDay.Ticks;
        if (Days.Includes(local.DayOfWeek) &&
            tod >= StartMinute * TimeSpan.TicksPerMinute &&
            tod < Math.Min(EndOffsetMinutes, MinutesPerDay) * TimeSpan.TicksPerMinute)
            return true;
        // The tail of yesterday's occurrence, when it ran past midnight.
        var yesterday = (DayOfWeek)(((int)local.DayOfWeek + 6) % 7);
        return EndOffsetMinutes > MinutesPerDay && Days.Includes(yesterday) &&
               tod < (EndOffsetMinutes - MinutesPerDay) * TimeSpan.TicksPerMinute;
    }

    /// <summary>"08:00-15:00", with " on Mon, Fri" when the window is limited to some days.</summary>
    public string Describe() => Days == WeekDays.All
        ? $"{Start}-{End}"
        : $"{Start}-{End} on {string.Join(", ", Days.ToNames())}";

    static string Format(int minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{minute / 60:D2}:{minute % 60:D2}");
}
