namespace OpenSms.Core.SpeedLimits;

/// <summary>IANA time-zone ids as the schedule's <c>time_zone</c> accepts them.</summary>
public static class TimeZones
{
    public const int MaxIdLength = 64;

    public static bool IsKnown(string id)
    {
        // The id names a file under the zoneinfo folder: allow only what IANA ids are made of.
        if (id.Length is 0 or > MaxIdLength || id.Contains("..", StringComparison.Ordinal) || id[0] == '/' ||
            !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
            return false;
        try
        {
            // .NET's zone cache matches ids ignoring case while the zoneinfo files do not; insisting on
            // the exact spelling keeps the answer from depending on which zones were looked up before.
            return TimeZoneInfo.FindSystemTimeZoneById(id).Id == id;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException
                                      or System.Security.SecurityException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
