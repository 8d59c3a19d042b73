using System.Globalization;

namespace OpenSms.Core.SpeedLimits;

/// <summary>A checked UTC range [From, To) for <see cref="SpeedTimeline.Build"/>, at most <see cref="MaxLength"/> long.</summary>
public readonly record struct TimelineRange
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(31);
    public static readonly TimeSpan DefaultLength = TimeSpan.FromDays(1);

    TimelineRange(DateTimeOffset from, DateTimeOffset to) => (From, To) = (from, to);

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }

    public static ValidationResult<TimelineRange> Create(DateTimeOffset from, DateTimeOffset to)
    {
        var errors = new ValidationErrors();
        Check(from, to, errors);
        return errors.Any ? errors.ToResult<TimelineRange>() : new TimelineRange(from.ToUniversalTime(), to.ToUniversalTime());
    }

    /// <summary>
    /// Reads the <c>from</c> and <c>to</c> query values: ISO-8601 instants with an offset or Z. A missing
    /// <c>from</c> is <paramref name="now"/>; a missing <c>to</c> is one day after <c>from</c>.
    /// </summary>
    public static ValidationResult<TimelineRange> Parse(string? from, string? to, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        var start = from is null ? now : ParseInstant(from, "from", errors);
        var end = to is null ? start + DefaultLength : ParseInstant(to, "to", errors);
        if (errors.Any) return errors.ToResult<TimelineRange>();
        return Create(start, end);
    }

    static DateTimeOffset ParseInstant(string text, string field, ValidationErrors errors)
    {
        // An instant without an offset would be read in the server's own zone, which nobody means.
        var trimmed = text.Trim();
        var hasOffset = trimmed.Length > 19 &&
                        (trimmed.EndsWith('Z') || trimmed.EndsWith('z') || trimmed.AsSpan(19).IndexOfAny('+', '-') >= 0);
        if (hasOffset && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            return value;
        errors.Add(field, "must be an ISO-8601 instant with an offset, e.g. 2026-03-29T00:00:00Z");
        return default;
    }

    // Far from the ends of DateTime, so the day added either side of the range cannot overflow.
    static readonly DateTimeOffset Earliest = new(2, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Latest = new(9998, 12, 31, 0, 0, 0, TimeSpan.Zero);

    static void Check(DateTimeOffset from, DateTimeOffset to, ValidationErrors errors)
    {
        if (from < Earliest || from > Latest) errors.Add("from", "must be between years 0002 and 9998");
        if (to < Earliest || to > Latest) errors.Add("to", "must be between years 0002 and 9998");
        if (errors.Any) return;
        if (to <= from) errors.Add("to", "must be later than from");
        else if (to - from > MaxLength)
            errors.Add("to", string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxLength.TotalDays} days after from"));
    }
}
