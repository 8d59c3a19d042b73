using System.Globalization;
using System.Text.Json;

namespace OpenSms.Core.Iam;

/// <summary>Validates one element of <c>Statement</c>; errors are named <c>Statement[i].Field</c>.</summary>
static class StatementParser
{
    static readonly string[] Known = ["Sid", "Effect", "Action", "Resource", "Condition"];

    // A null version means the document's own Version is invalid; version rules are then skipped.
    public static Statement? Parse(JsonElement element, int index, PolicyVersion? version, ValidationErrors errors)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"Statement[{index}]");
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "must be an object");
            return null;
        }
        var before = errors.Items.Count;
        var fields = Json.Fields(element, path, Known, errors);

        if (fields.TryGetValue("Sid", out var sid) && sid.ValueKind != JsonValueKind.String)
            errors.Add($"{path}.Sid", "must be a string");

        var effect = ParseEffect(fields, path, errors);
        var actions = ParseActions(fields, path, errors);
        var resources = ParseResources(fields, path, version, errors);
        var conditions = fields.TryGetValue("Condition", out var block)
            ? ConditionParser.Parse(block, $"{path}.Condition", errors)
            : [];

        if (errors.Items.Count > before || effect is null || actions is null) return null;
        return new Statement(index, effect.Value, actions.AsReadOnly(), resources?.AsReadOnly(), conditions.AsReadOnly(), element.GetRawText());
    }

    static Effect? ParseEffect(Dictionary<string, JsonElement> fields, string path, ValidationErrors errors)
    {
        var field = $"{path}.Effect";
        if (!fields.TryGetValue("Effect", out var element))
        {
            errors.Missing(field);
            return null;
        }
        // Exact spelling, as IAM requires: "allow" is more likely a typo than an intention.
        switch (element.ValueKind == JsonValueKind.String ? element.GetString() : null)
        {
            case "Allow": return Effect.Allow;
            case "Deny": return Effect.Deny;
            default:
                errors.Add(field, "must be \"Allow\" or \"Deny\"");
                return null;
        }
    }

    static List<string>? ParseActions(Dictionary<string, JsonElement> fields, string path, ValidationErrors errors)
    {
        var field = $"{path}.Action";
        if (!fields.TryGetValue("Action", out var element))
        {
            errors.Missing(field);
            return null;
        }
        var actions = Json.Strings(element, field, errors);
        if (actions is null) return null;
        foreach (var action in actions.Where(a => !IsActionPattern(a)))
            errors.Add(field, $"\"{action}\" is not of the form service:resource:action (wildcards * and ? allowed)");
        return actions;
    }

    static bool IsActionPattern(string action) =>
        action.Split(':') is { Length: 3 } parts &&
        parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '*' or '?' or '_' or '-' or '.'));

    static List<string>? ParseResources(
        Dictionary<string, JsonElement> fields, string path, PolicyVersion? version, ValidationErrors errors)
    {
        if (!fields.TryGetValue("Resource", out var element)) return null;
        var field = $"{path}.Resource";
        if (version == PolicyVersion.RoleBased)
        {
            errors.Add(field, "is not allowed in a Version 1.1 policy, whose statements cover every resource");
            return null;
        }
        var resources = Json.Strings(element, field, errors);
        if (resources is null) return null;
        foreach (var resource in resources.Where(r => !ResourceUrn.IsValidPattern(r)))
            errors.Add(field, $"\"{resource}\" is not \"*\" or a URN service:region:account_id:type:id");
        return resources;
    }
}
