using System.Text.Json;

namespace OpenSms.Core.Iam;

/// <summary>
/// Validates a <c>Condition</c> block: <c>{"Operator": {"key": value-or-values}}</c>. Errors name the
/// operator, and the key when the fault is in it, e.g. <c>Statement[0].Condition.NumberLessThan.sms:Size</c>.
/// </summary>
static class ConditionParser
{
    public static List<Condition> Parse(JsonElement block, string path, ValidationErrors errors)
    {
        var conditions = new List<Condition>();
        if (block.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "must be an object of condition operators");
            return conditions;
        }
        // Operator names and keys are case-insensitive, so "Key" and "key" would be the same entry twice.
        var operators = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in block.EnumerateObject())
        {
            var field = $"{path}.{entry.Name}";
            if (!operators.Add(entry.Name)) errors.Add(field, "appears more than once");
            else if (!ConditionOperators.TryParse(entry.Name, out var op, out var qualifier, out var ifExists))
                errors.Add(field, "is not a known condition operator");
            else if (entry.Value.ValueKind != JsonValueKind.Object || !entry.Value.EnumerateObject().Any())
                errors.Add(field, "must be an object of one or more condition keys");
            else
            {
                var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var key in entry.Value.EnumerateObject())
                {
                    if (!keys.Add(key.Name)) errors.Add($"{field}.{key.Name}", "appears more than once");
                    else if (ParseKey(key, field, entry.Name, op, qualifier, ifExists, errors) is { } c) conditions.Add(c);
                }
            }
        }
        return conditions;
    }

    static Condition? ParseKey(JsonProperty key, string path, string operatorText, ConditionOperator op,
        KeySetQualifier qualifier, bool ifExists, ValidationErrors errors)
    {
        var field = $"{path}.{key.Name}";
        if (!IsKey(key.Name))
        {
            errors.Add(field, "is not a condition key of the form prefix:Name, such as g:EnterpriseProjectId");
            return null;
        }
        var values = Values(key.Value);
        if (values is null)
        {
            errors.Add(field, "must be a string, number or boolean, or a non-empty array of them");
            return null;
        }
        if (op == ConditionOperator.Null && values.Count != 1)
        {
            errors.Add(field, "takes a single true or false");
            return null;
        }
        var bad = values.Select(v => ConditionOperators.CheckValue(op, v)).OfType<string>().ToList();
        foreach (var message in bad) errors.Add(field, message);
        return bad.Count == 0 ? new Condition(operatorText, op, qualifier, ifExists, key.Name, values.AsReadOnly()) : null;
    }

    static bool IsKey(string key) =>
        key.IndexOf(':', StringComparison.Ordinal) is var colon && colon > 0 && colon < key.Length - 1 &&
        !key.Any(char.IsWhiteSpace);

    /// <summary>Numbers keep their JSON text, so <c>10</c> and <c>"10"</c> mean the same.</summary>
    static List<string>? Values(JsonElement element)
    {
        if (Scalar(element) is { } single) return [single];
        if (element.ValueKind != JsonValueKind.Array) return null;
        var values = element.EnumerateArray().Select(Scalar).ToList();
        return values.Count > 0 && values.All(v => v is not null) ? values.Select(v => v!).ToList() : null;
    }

    static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
