using System.Diagnostics.CodeAnalysis;

namespace OpenSms.Core.Signing;

/// <summary>
/// Request headers by name, case-insensitive, each with one or more values in the order received.
/// </summary>
public sealed class RequestHeaders
{
    readonly Dictionary<string, List<string>> values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Header names as first added, in that order.</summary>
    public IEnumerable<string> Names => values.Keys;

    /// <summary>
    /// Gets all values joined with <c>", "</c> (null when absent); setting replaces every value,
    /// and setting null removes the header.
    /// </summary>
    public string? this[string name]
    {
        get => values.TryGetValue(name, out var list) ? string.Join(", ", list) : null;
        set
        {
            if (value is null) values.Remove(name);
            else values[name] = [value];
        }
    }

    /// <summary>Adds one more value; a repeated header keeps every value.</summary>
    public void Add(string name, string value)
    {
        if (values.TryGetValue(name, out var list)) list.Add(value);
        else values[name] = [value];
    }

    public bool Contains(string name) => values.ContainsKey(name);

    public bool TryGetValues(string name, [NotNullWhen(true)] out IReadOnlyList<string>? found)
    {
        found = values.TryGetValue(name, out var list) ? list : null;
        return found is not null;
    }
}
