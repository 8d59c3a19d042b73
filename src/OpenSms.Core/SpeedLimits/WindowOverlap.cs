namespace OpenSms.Core.SpeedLimits;

/// <summary>Whether two windows are ever in force at the same wall-clock minute of the week.</summary>
static class WindowOverlap
{
    const int MinutesPerWeek = 7 * SpeedWindow.MinutesPerDay;

    public static bool Overlaps(SpeedWindow a, SpeedWindow b)
    {
        foreach (var (aStart, aEnd) in Occurrences(a))
        {
            foreach (var (bStart, bEnd) in Occurrences(b))
            {
                // The week is a circle: Sunday night's occurrence runs into Monday morning.
                for (var shift = -MinutesPerWeek; shift <= MinutesPerWeek; shift += MinutesPerWeek)
                {
                    if (aStart < bEnd + shift && bStart + shift < aEnd) return true;
                }
            }
        }
        return false;
    }

    // Day 0 is Monday; an occurrence may end past the end of its day.
    static IEnumerable<(int Start, int End)> Occurrences(SpeedWindow w)
    {
        for (var day = 0; day < 7; day++)
        {
            if ((w.Days & (WeekDays)(1 << day)) == 0) continue;
            var midnight = day * SpeedWindow.MinutesPerDay;
            yield return (midnight + w.StartMinute, midnight + w.EndOffsetMinutes);
        }
    }
}
