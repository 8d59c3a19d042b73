using System.Text.Json.Nodes;

namespace OpenSms.Client;

/// <summary>A response exactly as received, for callers that check the wire itself (conformance, scripts).</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="RequestId">The <c>X-Request-Id</c> header, when present.</param>
/// <param name="ContentType">The response's media type, when it had a body.</param>
/// <param name="Body">The parsed JSON body; null when empty or not JSON.</param>
public sealed record ApiResponse(int StatusCode, string? RequestId, string? ContentType, JsonNode? Body)
{
    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The body's <c>error_code</c>, when it has one.</summary>
    public string? ErrorCode => (Body as JsonObject)?["error_code"]?.GetValue<string>();
}
