namespace OpenSms.Core.SpeedLimits;

/// <summary>The days a window may start on; <see cref="All"/> is what an absent <c>days</c> means.</summary>
[Flags]
public enum WeekDays
{
    None = 0,
    Mon = 1,
    Tue = 2,
    Wed = 4,
    Thu = 8,
    Fri = 16,
    Sat = 32,
    Sun = 64,
    All = Mon | Tue | Wed | Thu | Fri | Sat | Sun,
}

/// <summary>Conversions between <see cref="WeekDays"/>, <see cref="DayOfWeek"/> and the wire names.</summary>
public static class WeekDaysExtensions
{
    /// <summary>The wire names in week order, Monday first.</summary>
    public static readonly IReadOnlyList<string> Names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    // DayOfWeek counts from Sunday = 0; the wire week starts on Monday.
    public static WeekDays ToWeekDay(this DayOfWeek day) => (WeekDays)(1 << (((int)day + 6) % 7));

    public static bool Includes(this WeekDays days, DayOfWeek day) => (days & day.ToWeekDay()) != 0;

    public static bool TryParse(string name, out WeekDays day)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                day = (WeekDays)(1 << i);
                return true;
            }
        }
        day = WeekDays.None;
        return false;
    }

    /// <summary>The wire names of the days set, Monday first.</summary>
    public static IReadOnlyList<string> ToNames(this WeekDays days) =>
        Names.Where((_, i) => (days & (WeekDays)(1 << i)) != 0).ToList();
}
