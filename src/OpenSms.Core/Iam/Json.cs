using System.Text.Json;

namespace OpenSms.Core.Iam;

/// <summary>Small helpers shared by the policy parsers.</summary>
static class Json
{
    /// <summary>
    /// The object's properties by name. A duplicated or unknown property is an error: JSON readers
    /// disagree on which duplicate wins, and a misspelt <c>Resouce</c> silently widening a statement
    /// is worse than a 400.
    /// </summary>
    public static Dictionary<string, JsonElement> Fields(
        JsonElement obj, string path, IReadOnlyCollection<string> known, ValidationErrors errors)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            var field = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (!known.Contains(property.Name))
                errors.Add(field, "is not a known field; expected one of " + string.Join(", ", known));
            else if (!fields.TryAdd(property.Name, property.Value))
                errors.Add(field, "appears more than once");
        }
        return fields;
    }

    /// <summary>A string or an array of strings, as <c>Action</c> and <c>Resource</c> allow.</summary>
    public static List<string>? Strings(JsonElement element, string field, ValidationErrors errors)
    {
        if (element.ValueKind == JsonValueKind.String) return [element.GetString()!];
        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            errors.Add(field, "must be a string or an array of strings");
            return null;
        }
        var values = element.EnumerateArray().Select(e => e.GetString()!).ToList();
        if (values.Count == 0)
        {
            errors.Add(field, "must not be empty");
            return null;
        }
        return values;
    }
}
