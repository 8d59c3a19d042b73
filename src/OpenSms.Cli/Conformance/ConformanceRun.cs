using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSms.Client;

namespace OpenSms.Cli.Conformance;

/// <summary>A check that did not hold, with what was seen instead.</summary>
sealed class CheckFailed(string message) : Exception(message);

/// <summary>Runs named checks one after another, printing <c>PASS</c>/<c>FAIL</c> per check and counting them.</summary>
sealed class ConformanceRun(OpenSmsClient client, TextWriter output, CancellationToken ct)
{
    public OpenSmsClient Client => client;
    public int Passed { get; private set; }
    public int Failed { get; private set; }

    public async Task CheckAsync(string name, Func<Task> check)
    {
        try
        {
            await check();
            Passed++;
            await output.WriteLineAsync($"PASS  {name}");
        }
        // Whatever goes wrong inside a check (an odd answer, a dropped connection) fails that check, not the run.
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Failed++;
            await output.WriteLineAsync($"FAIL  {name}: {e.Message}");
        }
    }

    public Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body = null) =>
        client.SendRawAsync(method, path, body, ct);

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);
}

/// <summary>Assertions that say what the server answered when they fail.</summary>
static class Expect
{
    public static void That(bool condition, string expectation)
    {
        if (!condition) throw new CheckFailed(expectation);
    }

    public static JsonObject Status(ApiResponse r, int status)
    {
        if (r.StatusCode != status) throw new CheckFailed($"expected HTTP {status}, got {r.StatusCode} {Short(r.Body)}");
        return r.Body as JsonObject ?? [];
    }

    /// <summary>
    /// An error in SMS's body: the status, an <c>SMS.*</c> error_code (or the given one) and an
    /// error_msg. A gateway code (APIGW.0101 for an unknown route) does not count: it means the API is missing.
    /// </summary>
    public static JsonObject Error(ApiResponse r, int status, string? code = null)
    {
        var body = Status(r, status);
        var actual = body["error_code"]?.GetValue<string>();
        That(actual is not null && body["error_msg"] is not null, $"expected error_code and error_msg, got {Short(body)}");
        if (code is not null) That(actual == code, $"expected error_code {code}, got {actual}");
        else That(actual!.StartsWith("SMS.", StringComparison.Ordinal), $"expected an SMS.* error_code, got {Short(body)}");
        return body;
    }

    /// <summary>The error names every one of <paramref name="fields"/> in error_param.</summary>
    public static void Names(JsonObject error, params string[] fields)
    {
        var named = (error["error_param"] as JsonArray)?.Select(p => p?.ToString()).ToHashSet() ?? [];
        var missing = fields.Where(f => !named.Contains(f)).ToList();
        That(missing.Count == 0, $"expected error_param to name {string.Join(", ", missing)}, got {Short(error["error_param"])}");
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual)) throw new CheckFailed($"expected {what} {expected}, got {actual}");
    }

    public static string Text(JsonNode? node, string name) =>
        node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new CheckFailed($"expected a string {name}, got {Short(node?[name])}");

    public static long Number(JsonNode? node, string name) =>
        node?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (long)v.GetValue<double>()
            : throw new CheckFailed($"expected a number {name}, got {Short(node?[name])}");

    public static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(no body)";
        return text.Length > 300 ? text[..300] + "..." : text;
    }
}
