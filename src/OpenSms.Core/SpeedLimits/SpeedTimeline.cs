namespace OpenSms.Core.SpeedLimits;

/// <summary>One stretch of time with a single limit in force.</summary>
/// <param name="From">Inclusive, UTC.</param>
/// <param name="To">Exclusive, UTC.</param>
/// <param name="LimitMbps">Mbit/s; 0 means no limit.</param>
/// <param name="WindowIndex">The window in force, or null for the task's own limit.</param>
/// <param name="OverSpeedThreshold">Percent above the limit allowed before a report is over speed.</param>
public sealed record TimelineSegment(DateTimeOffset From, DateTimeOffset To, int LimitMbps, int? WindowIndex, double OverSpeedThreshold);

/// <summary>Which limit applies when, over a UTC range, following the schedule's zone across DST changes.</summary>
public static class SpeedTimeline
{
    public static IReadOnlyList<TimelineSegment> Build(SpeedSchedule schedule, TaskSpeedDefault taskDefault, TimelineRange range)
    {
        if (range.To <= range.From) return [];
        var zone = schedule.GetTimeZone();
        var cuts = new SortedSet<DateTimeOffset> { range.From };
        foreach (var instant in WindowEdges(schedule, zone, range).Concat(OffsetChanges(zone, range)))
        {
            if (instant > range.From && instant < range.To) cuts.Add(instant);
        }

        // Between two cuts neither a window edge nor a change of offset occurs, so the limit found at
        // a segment's start holds until the next cut.
        var segments = new List<TimelineSegment>();
        var bounds = cuts.Append(range.To).ToList();
        for (var i = 0; i + 1 < bounds.Count; i++)
        {
            var limit = ScheduleResolver.AtInstant(schedule, bounds[i], taskDefault);
            if (segments is [.., var last] &&
                last.LimitMbps == limit.LimitMbps && last.WindowIndex == limit.WindowIndex &&
                last.OverSpeedThreshold.Equals(limit.OverSpeedThreshold))
                segments[^1] = last with { To = bounds[i + 1] };
            else
                segments.Add(new(bounds[i], bounds[i + 1], limit.LimitMbps, limit.WindowIndex, limit.OverSpeedThreshold));
        }
        return segments;
    }

    // Every UTC instant at which the wall clock shows a window's start or end.
    static IEnumerable<DateTimeOffset> WindowEdges(SpeedSchedule schedule, TimeZoneInfo zone, TimelineRange range)
    {
        // One extra day each side catches occurrences that started the day before and offsets up to ±14 h.
        var firstDay = DateTime.SpecifyKind(schedule.ToLocal(range.From).Date.AddDays(-1), DateTimeKind.Unspecified);
        var lastDay = schedule.ToLocal(range.To).Date.AddDays(1);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            foreach (var w in schedule.Windows)
            {
                foreach (var utc in ToUtc(zone, day.AddMinutes(w.StartMinute))) yield return utc;
                foreach (var utc in ToUtc(zone, day.AddMinutes(w.EndOffsetMinutes))) yield return utc;
            }
        }
    }

    // A repeated wall-clock time happens twice; a skipped one never happens, and the change of offset
    // itself is a cut instead.
    static IEnumerable<DateTimeOffset> ToUtc(TimeZoneInfo zone, DateTime local)
    {
        if (zone.IsInvalidTime(local)) return [];
        var offsets = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local) : [zone.GetUtcOffset(local)];
        return offsets.Select(o => new DateTimeOffset(local, o).ToUniversalTime());
    }

    // The instants where the zone's offset changes; an hourly walk finds them since no zone changes
    // twice within an hour, and a bisection pins each to the tick.
    static IEnumerable<DateTimeOffset> OffsetChanges(TimeZoneInfo zone, TimelineRange range)
    {
        var step = TimeSpan.FromHours(1);
        var before = range.From;
        while (before < range.To)
        {
            var after = before + step < range.To ? before + step : range.To;
            if (zone.GetUtcOffset(before) != zone.GetUtcOffset(after))
            {
                var (lo, hi) = (before, after);
                var target = zone.GetUtcOffset(after);
                while (hi - lo > TimeSpan.FromTicks(1))
                {
                    var mid = lo + ((hi - lo) / 2);
                    if (zone.GetUtcOffset(mid) == target) hi = mid;
                    else lo = mid;
                }
                yield return hi;
            }
            before = after;
        }
    }
}
