using System.CommandLine.Parsing;
using System.Globalization;

namespace OpenSms.Cli;

/// <summary>Durations written as <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, or plain seconds.</summary>
static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1)
            : text.EndsWith('m') ? (text[..^1], 60)
            : text.EndsWith('h') ? (text[..^1], 3600)
            : (text, 1.0);
        var ok = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 && double.IsFinite(n);
        value = ok ? TimeSpan.FromSeconds(n * unit) : default;
        return ok;
    }

    /// <summary>For <c>Option&lt;TimeSpan&gt;.CustomParser</c>.</summary>
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var value)) return value;
        result.AddError($"'{text}' is not a duration; write e.g. 500ms, 5s, 2m or 1h.");
        return default;
    }
}
