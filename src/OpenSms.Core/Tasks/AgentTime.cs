using System.Globalization;

namespace OpenSms.Core.Tasks;

/// <summary>
/// The source server's own clock as the agent reported it. Speed-limit windows are local times of
/// day, so the wall-clock reading matters; the offset, when the agent sent one, also pins it to UTC.
/// </summary>
public readonly record struct AgentTime(DateTime Local, TimeSpan? Offset)
{
    static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm",
    ];

    public DateTimeOffset? Utc => Offset is { } o ? new DateTimeOffset(Local, o).ToUniversalTime() : null;

    /// <summary>ISO-8601 text as stored with each sample.</summary>
    public override string ToString() => Offset is { } o
        ? new DateTimeOffset(Local, o).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)
        : Local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>Accepts ISO-8601 with or without an offset (Z included) and <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public static bool TryParse(string text, out AgentTime time)
    {
        text = text.Trim();
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            time = new AgentTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), null);
            return true;
        }
        if (text.Length > 10 && text[10] is 'T' or ' ' &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) &&
            HasOffset(text))
        {
            time = new AgentTime(DateTime.SpecifyKind(withOffset.DateTime, DateTimeKind.Unspecified), withOffset.Offset);
            return true;
        }
        time = default;
        return false;
    }

    /// <summary>Looks past the date part, whose dashes are not signs; ISO-8601 times may omit seconds ("T10:20Z").</summary>
    static bool HasOffset(string text)
    {
        var tail = text.AsSpan(11);
        return tail.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || tail.IndexOfAny('+', '-') >= 0;
    }
}
