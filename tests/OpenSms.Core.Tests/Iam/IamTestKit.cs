using OpenSms.Core.Iam;

namespace OpenSms.Core.Tests.Iam;

/// <summary>Compact notations so policy tables stay one readable line per case.</summary>
static class IamTestKit
{
    public const string Server1 = "sms:cn-north-4:acc1:server:s-1";
    public const string Server2 = "sms:cn-north-4:acc1:server:s-2";
    public const string OtherAccountServer = "sms:cn-north-4:acc2:server:s-1";

    /// <summary>Policy JSON written with single quotes, which attributes and tables read more easily.</summary>
    public static string Json(string singleQuoted) => singleQuoted.Replace('\'', '"');

    public static Policy Policy(string singleQuotedJson, string id = "p1")
    {
        var result = PolicyParser.Parse(Json(singleQuotedJson));
        if (result.Errors is { } errors) throw new InvalidOperationException($"test policy {id} is invalid: {errors.Message}");
        return new Policy(id, "name-" + id, result.Value!);
    }

    /// <summary>Several policies separated by <c>|||</c>, named p1, p2, ... in order.</summary>
    public static List<Policy> Policies(string singleQuotedJsons) =>
        singleQuotedJsons.Split("|||").Select((json, i) => Policy(json.Trim(), "p" + (i + 1))).ToList();

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

    /// <summary>Context written as <c>key=v1|v2;key2=v3</c>; <c>key=</c> is a present key with no values.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Context(string spec)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var pair in spec.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var values = pair[(eq + 1)..];
            context[pair[..eq]] = values.Length == 0 ? [] : values.Split('|');
        }
        return context;
    }

    public static AuthorizationRequest Request(string action, string? resource = null, string context = "", string aliases = "") =>
        new(action)
        {
            Resource = resource,
            Context = Context(context),
            Aliases = aliases.Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
}
