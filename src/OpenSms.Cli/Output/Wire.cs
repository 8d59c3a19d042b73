using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenSms.Cli.Output;

/// <summary>Reading fields of the API's open-ended JSON, and writing its values for people.</summary>
static class Wire
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static string? Str(this JsonNode? node, string name) =>
        node?[name] is JsonValue v ? v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString() : null;

    public static long? Long(this JsonNode? node, string name) =>
        node?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (long)v.GetValue<double>() : null;

    public static double? Double(this JsonNode? node, string name) =>
        node?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;

    public static IEnumerable<JsonNode> Items(this JsonNode? node, string name) =>
        node?[name] is JsonArray a ? a.OfType<JsonNode>() : [];

    public static string Bytes(long? bytes)
    {
        if (bytes is not { } b) return "";
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        var value = (double)b;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1) { value /= 1000; unit++; }
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    public static string Speed(double? mbps) =>
        mbps is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:0.0} Mbit/s") : "";

    public static string Eta(long? seconds) =>
        seconds is not { } s ? "" : s >= 86400 ? string.Create(CultureInfo.InvariantCulture, $"{s / 86400}d {TimeSpan.FromSeconds(s % 86400):hh\\:mm}")
            : TimeSpan.FromSeconds(s).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>An epoch-milliseconds timestamp as local time.</summary>
    public static string Time(long? ms) =>
        ms is { } m ? DateTimeOffset.FromUnixTimeMilliseconds(m).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public static string Percent(double? value) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0}%") : "";
}
