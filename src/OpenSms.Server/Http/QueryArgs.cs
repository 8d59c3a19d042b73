using System.Globalization;
using OpenSms.Core;

namespace OpenSms.Server.Http;

/// <summary>Reads query parameters by hand so a bad one is a named SMS.9001, not a framework 400.</summary>
public sealed class QueryArgs(IQueryCollection query)
{
    public ValidationErrors Errors { get; } = new();

    public string? Text(string name, int maxLength = 255)
    {
        var value = query[name].ToString();
        if (value.Length == 0) return null;
        Errors.Length(name, value, 0, maxLength);
        return value;
    }

    public string? OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var value = Text(name);
        Errors.OneOf(name, value, allowed);
        return value;
    }

    public int Number(string name, int fallback, int min, int max)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Errors.Add(name, "must be an integer");
            return fallback;
        }
        Errors.Range(name, value, min, max);
        return value;
    }

    public bool? Bool(string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        if (bool.TryParse(text, out var value)) return value;
        Errors.Add(name, "must be true or false");
        return null;
    }
}
