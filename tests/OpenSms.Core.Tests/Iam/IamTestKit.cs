using OpenSms.Core.Iam;

namespace OpenSms.Core.Tests.Iam;

/// <summary>Compact notations so policy tables stay one readable line per case.</summary>
static class IamTestKit
{
    /// <summary>Policy JSON written with single quotes, which attributes and tables read more easily.</summary>
    public static string Json(string singleQuoted) => singleQuoted.Replace('\'', '"');

    public static Policy Policy(string singleQuotedJson, string id = "p1")
    {
        var result = PolicyParser.Parse(Json(singleQuotedJson));
        if (result.Errors is { } errors) throw new InvalidOperationException($"test policy {id} is invalid: {errors.Message}");
        return new Policy(id, "name-" + id, result.Value!);
    }

    /// <summary>Allow or Deny of one action in a 5.0 document, with optional resource and condition JSON.</summary>
    public static string Statement(string effect, string action, string? resource = null, string? condition = null)
    {
        var parts = new List<string> { $"'Effect':'{effect}'", $"'Action':{Quote(action)}" };
        if (resource is not null) parts.Add($"'Resource':{Quote(resource)}");
        if (condition is not null) parts.Add($"'Condition':{condition}");
        return "{" + string.Join(",", parts) + "}";
    }

    public static string Doc(string version, params string[] statements) =>
        $"{{'Version':'{version}','Statement':[{string.Join(",", statements)}]}}";

    /// <summary>A JSON array when the text holds commas (<c>a,b</c>), a string otherwise.</summary>
    static string Quote(string value) =>
        value.Contains(',', StringComparison.Ordinal)
            ? "[" + string.Join(",", value.Split(',').Select(v => $"'{v}'")) + "]"
            : $"'{value}'";
}
