using OpenSms.Core.SpeedLimits;

namespace OpenSms.Core.Insight;

/// <summary>How long bytes take at a rate when the speed-limit schedule ahead caps that rate.</summary>
public static class ScheduledTransfer
{
    /// <summary>Mbit/s to bytes per second.</summary>
    public const double BytesPerSecondPerMbps = 1_000_000 / 8.0;

    static readonly TimeSpan Week = TimeSpan.FromDays(7);
    // Beyond ten years an ETA means nothing; null says "not in sight" as plainly.
    const double Horizon = 10 * 365.25 * 86_400;

    /// <summary>Seconds to move <paramref name="bytes"/>; null when nothing moves or it is past the horizon.</summary>
    public static double? Seconds(long bytes, double bytesPerSecond, SpeedSchedule schedule, TaskSpeedDefault taskDefault, DateTimeOffset now)
    {
        if (bytes <= 0) return 0;
        if (bytesPerSecond <= 0 || !double.IsFinite(bytesPerSecond)) return null;
        if (schedule.Windows.Count == 0 && taskDefault.LimitMbps <= 0) return Bounded(bytes / bytesPerSecond);

        // Windows repeat weekly, so one week of timeline answers any length: walk it once, skip the
        // whole weeks the rest needs, and walk it again for what is left. A DST change inside a skipped
        // week shifts the answer by at most an hour.
        var week = SpeedTimeline.Build(schedule, taskDefault, TimelineRange.Create(now, now + Week).Value);
        var left = (double)bytes;
        var (elapsed, done) = Walk(week, bytesPerSecond, ref left);
        if (done) return Bounded(elapsed);
        var perWeek = bytes - left;
        if (perWeek <= 0) return null;
        var wholeWeeks = Math.Floor(left / perWeek);
        left -= wholeWeeks * perWeek;
        var (rest, _) = Walk(week, bytesPerSecond, ref left);
        return Bounded(((wholeWeeks + 1) * Week.TotalSeconds) + rest);
    }

    static (double Elapsed, bool Done) Walk(IReadOnlyList<TimelineSegment> segments, double bytesPerSecond, ref double left)
    {
        var elapsed = 0.0;
        foreach (var s in segments)
        {
            var rate = s.LimitMbps > 0 ? Math.Min(bytesPerSecond, s.LimitMbps * BytesPerSecondPerMbps) : bytesPerSecond;
            var length = (s.To - s.From).TotalSeconds;
            if (rate * length >= left) return (elapsed + (left / rate), true);
            left -= rate * length;
            elapsed += length;
        }
        return (elapsed, false);
    }

    static double? Bounded(double seconds) => seconds <= Horizon ? seconds : null;
}
