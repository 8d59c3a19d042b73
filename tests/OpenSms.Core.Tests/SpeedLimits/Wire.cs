using System.Text.Json;
using OpenSms.Core.Contracts;
using OpenSms.Core.SpeedLimits;

namespace OpenSms.Core.Tests.SpeedLimits;

/// <summary>Reads request bodies the way the server will: snake_case JSON.</summary>
static class Wire
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static SpeedLimitBody Body(string json) => JsonSerializer.Deserialize<SpeedLimitBody>(json, Json)!;

    public static SpeedSchedule Schedule(string json)
    {
        var result = SpeedScheduleValidator.Validate(Body(json));
        Assert.True(result.Errors is null, result.Errors?.Message);
        return result.Value!;
    }

    /// <summary>A schedule from compact windows such as "08:00-15:00 100" or "22:00-06:00 50 t20 Mon,Tue".</summary>
    public static SpeedSchedule Windows(string? timeZone, params string[] windows)
    {
        var items = windows.Select(text =>
        {
            var parts = text.Split(' ');
            var times = parts[0].Split('-');
            var threshold = parts.FirstOrDefault(p => p.StartsWith('t'));
            var days = parts.Skip(2).FirstOrDefault(p => !p.StartsWith('t'));
            return (SpeedLimitWindow?)new SpeedLimitWindow
            {
                Start = times[0],
                End = times[1],
                Speed = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
                OverSpeedThreshold = threshold is null ? null : double.Parse(threshold[1..], System.Globalization.CultureInfo.InvariantCulture),
                Days = days?.Split(','),
            };
        }).ToList();
        var result = SpeedScheduleValidator.Validate(new SpeedLimitBody { SpeedLimit = items, TimeZone = timeZone });
        Assert.True(result.Errors is null, result.Errors?.Message);
        return result.Value!;
    }

    public static DateTime Local(string text) =>
        DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.fffffff"],
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None);

    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
}
