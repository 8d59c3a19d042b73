using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests.Fuzz;

/// <summary>What CONTRACT.md promises about a response to any request: no 5xx, and every 4xx in the contract's error body.</summary>
public static class ContractErrors
{
    /// <summary>Each error code with the one status it travels with.</summary>
    static readonly Dictionary<string, int> Statuses = new()
    {
        ["APIGW.0101"] = 404, ["APIGW.0301"] = 401, ["APIGW.0302"] = 401,
        ["SMS.9001"] = 400, ["SMS.9002"] = 400, ["SMS.1038"] = 400, ["SMS.1039"] = 400, ["SMS.1040"] = 400,
        ["SMS.9004"] = 403, ["SMS.9005"] = 404, ["SMS.9006"] = 409, ["SMS.2004"] = 413, ["SMS.2006"] = 415, ["SMS.9009"] = 429,
    };

    /// <summary>Null when the response keeps the contract, else what is wrong with it.</summary>
    public static string? Check(int status, string body, string? requestId)
    {
        if (status >= 500) return $"a {status}: {body}";
        if (status < 400) return null;
        JsonObject error;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject o) return $"a {status} whose body is not a JSON object: {body}";
            error = o;
        }
        catch (JsonException)
        {
            return $"a {status} whose body is not JSON: '{body}'";
        }
        if (Text(error, "error_code") is not { } code) return $"a {status} without a string error_code: {body}";
        if (Text(error, "error_msg") is not { Length: > 0 }) return $"a {status} without an error_msg: {body}";
        if (!Statuses.TryGetValue(code, out var expected)) return $"a {status} with {code}, a code the contract does not have: {body}";
        if (expected != status) return string.Create(CultureInfo.InvariantCulture, $"{code} with {status} instead of {expected}: {body}");
        if (code.StartsWith("APIGW.", StringComparison.Ordinal))
            return Text(error, "request_id") is { } id && id == requestId ? null : $"a gateway error whose request_id is not the X-Request-Id {requestId}: {body}";
        if (error["error_param"] is not JsonArray param || param.Any(p => p?.GetValueKind() != JsonValueKind.String))
            return $"an SMS error without an error_param list of strings: {body}";
        if (status == 403 && (Text(error, "encoded_authorization_message") is null || error["details"] is not JsonArray))
            return $"a 403 without encoded_authorization_message and details: {body}";
        return null;
    }

    static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
