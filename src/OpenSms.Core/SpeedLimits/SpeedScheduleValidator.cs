using System.Globalization;
using OpenSms.Core.Contracts;

namespace OpenSms.Core.SpeedLimits;

/// <summary>Checks a speed-limit body field by field and turns it into a <see cref="SpeedSchedule"/>.</summary>
public static class SpeedScheduleValidator
{
    public const int MaxWindows = 5;
    public const int MaxSpeedMbps = 1000;
    public const double MinThreshold = 10;
    public const double MaxThreshold = 100;
    public const double DefaultThreshold = 10;

    public static ValidationResult<SpeedSchedule> Validate(SpeedLimitBody? body)
    {
        var errors = new ValidationErrors();
        if (body?.SpeedLimit is not { } items)
        {
            errors.Missing("speed_limit");
            return errors.ToResult<SpeedSchedule>();
        }
        if (items.Count > MaxWindows)
            errors.Add("speed_limit", string.Create(CultureInfo.InvariantCulture, $"must have at most {MaxWindows} windows"));

        var windows = new List<SpeedWindow>();
        var allValid = true;
        for (var i = 0; i < items.Count; i++)
        {
            if (ValidateWindow(items[i], i, errors) is { } w) windows.Add(w);
            else allValid = false;
        }
        // Overlaps are only meaningful between windows that are themselves well-formed.
        if (allValid) CheckOverlaps(windows, errors);

        var zone = body.TimeZone;
        if (zone is not null && !TimeZones.IsKnown(zone))
            errors.Add("time_zone", "must be an IANA time zone id such as Europe/Berlin");

        if (errors.Any) return errors.ToResult<SpeedSchedule>();
        return new SpeedSchedule(windows, zone);
    }

    static SpeedWindow? ValidateWindow(SpeedLimitWindow? item, int i, ValidationErrors errors)
    {
        var field = string.Create(CultureInfo.InvariantCulture, $"speed_limit[{i}]");
        if (item is null)
        {
            errors.Missing(field);
            return null;
        }
        var before = errors.Items.Count;
        var start = ParseTime(item.Start, field + ".start", errors);
        var end = ParseTime(item.End, field + ".end", errors);
        if (start is { } s && end is { } e && s == e)
            errors.Add(field + ".end", "must differ from start: a window cannot be empty");
        if (item.Speed is { } speed) errors.Range(field + ".speed", speed, 0, MaxSpeedMbps);
        errors.Range(field + ".over_speed_threshold", item.OverSpeedThreshold, MinThreshold, MaxThreshold);
        var days = ParseDays(item.Days, field + ".days", errors);

        if (errors.Items.Count > before) return null;
        return new SpeedWindow(i, start!.Value, end!.Value, (int)(item.Speed ?? 0),
            item.OverSpeedThreshold ?? DefaultThreshold, days);
    }

    static int? ParseTime(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            errors.Missing(field);
            return null;
        }
        // Exactly HH:MM: "8:00" or "24:00" would read differently in other systems.
        if (text is [var h1, var h2, ':', var m1, var m2] &&
            char.IsAsciiDigit(h1) && char.IsAsciiDigit(h2) && char.IsAsciiDigit(m1) && char.IsAsciiDigit(m2))
        {
            var hours = ((h1 - '0') * 10) + (h2 - '0');
            var minutes = ((m1 - '0') * 10) + (m2 - '0');
            if (hours < 24 && minutes < 60) return (hours * 60) + minutes;
        }
        errors.Add(field, "must be a time HH:MM from 00:00 to 23:59");
        return null;
    }

    static WeekDays ParseDays(IReadOnlyList<string>? names, string field, ValidationErrors errors)
    {
        if (names is null) return WeekDays.All;
        // An empty list would be a window that never applies, which is surely a mistake.
        if (names.Count == 0) errors.Add(field, "must name at least one day, or be left out for every day");
        var days = WeekDays.None;
        for (var j = 0; j < names.Count; j++)
        {
            if (names[j] is { } name && WeekDaysExtensions.TryParse(name, out var day)) days |= day;
            else errors.Add(string.Create(CultureInfo.InvariantCulture, $"{field}[{j}]"),
                "must be one of " + string.Join(", ", WeekDaysExtensions.Names));
        }
        return days;
    }

    static void CheckOverlaps(List<SpeedWindow> windows, ValidationErrors errors)
    {
        for (var a = 0; a < windows.Count; a++)
        {
            for (var b = a + 1; b < windows.Count; b++)
            {
                if (!WindowOverlap.Overlaps(windows[a], windows[b])) continue;
                var (x, y) = (windows[a], windows[b]);
                errors.Add($"speed_limit[{x.Index}]", $"overlaps speed_limit[{y.Index}] ({x.Describe()} and {y.Describe()})");
                errors.Add($"speed_limit[{y.Index}]", $"overlaps speed_limit[{x.Index}] ({y.Describe()} and {x.Describe()})");
            }
        }
    }
}
