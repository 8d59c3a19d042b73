using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Client;

/// <summary>
/// A typed client for the OpenSms (Huawei Cloud SMS v3 compatible) API: one method per endpoint.
/// Authenticate with <see cref="LoginAsync"/> (token) or build it with <see cref="WithAccessKey"/>
/// (AK/SK signing). Every response outside 2xx raises <see cref="OpenSmsApiException"/>.
/// </summary>
/// <param name="http">An HttpClient whose <see cref="HttpClient.BaseAddress"/> is the server's endpoint.</param>
public sealed partial class OpenSmsClient(HttpClient http)
{
    /// <summary>The <c>X-Auth-Token</c> sent with every request; set by <see cref="LoginAsync"/>, or set it yourself.</summary>
    public string? Token { get; set; }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => http.BaseAddress ?? throw new InvalidOperationException("The HttpClient needs a BaseAddress.");

    /// <summary>A client for <paramref name="endpoint"/> that authenticates with a token (see <see cref="LoginAsync"/>).</summary>
    public static OpenSmsClient Create(Uri endpoint) => new(new HttpClient { BaseAddress = endpoint });

    /// <summary>
    /// A client for <paramref name="endpoint"/> that signs every request with an access key pair
    /// (SDK-HMAC-SHA256), as Huawei's SDKs and agents do.
    /// </summary>
    /// <param name="endpoint">The server, e.g. <c>http://127.0.0.1:8090</c>.</param>
    /// <param name="accessKey">The AK.</param>
    /// <param name="secretKey">The SK.</param>
    /// <param name="projectId">Sent as <c>X-Project-Id</c> when given.</param>
    public static OpenSmsClient WithAccessKey(Uri endpoint, string accessKey, string secretKey, string? projectId = null) =>
        new(new HttpClient(new AkSkSigningHandler(accessKey, secretKey, projectId) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = endpoint });

    /// <summary>
    /// Sends any request and returns the response as received, whatever its status. For callers
    /// that check the wire itself; everything else should use the typed methods.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="pathAndQuery">The path from the endpoint's root, e.g. <c>/v3/tasks?limit=1</c>.</param>
    /// <param name="body">A JSON body to send, or null for none.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<ApiResponse> SendRawAsync(HttpMethod method, string pathAndQuery, JsonNode? body = null, CancellationToken ct = default)
    {
        using var request = NewRequest(method, pathAndQuery, body?.ToJsonString());
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return new ApiResponse((int)response.StatusCode, RequestIdOf(response), response.Content.Headers.ContentType?.MediaType, TryParse(text));
    }

    internal async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, object? body, CancellationToken ct)
    {
        using var response = await SendCheckedAsync(method, pathAndQuery, body, ct);
        return await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, ct)
               ?? throw new JsonException($"{method} {pathAndQuery} answered an empty body.");
    }

    internal async Task SendAsync(HttpMethod method, string pathAndQuery, object? body, CancellationToken ct)
    {
        using var response = await SendCheckedAsync(method, pathAndQuery, body, ct);
    }

    internal async Task<HttpResponseMessage> SendCheckedAsync(HttpMethod method, string pathAndQuery, object? body,
        CancellationToken ct, Action<HttpRequestMessage>? prepare = null)
    {
        var json = body is null ? null : JsonSerializer.Serialize(body, body.GetType(), ClientJson.Options);
        using var request = NewRequest(method, pathAndQuery, json);
        prepare?.Invoke(request);
        var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ErrorAsync(response, ct);
    }

    HttpRequestMessage NewRequest(HttpMethod method, string pathAndQuery, string? json)
    {
        // Joined by hand so an endpoint with a base path (a gateway prefix) keeps it.
        var request = new HttpRequestMessage(method, new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + pathAndQuery));
        if (Token is not null) request.Headers.Add("X-Auth-Token", Token);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return request;
    }

    static async Task<OpenSmsApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        var body = TryParse(text) as JsonObject;
        var errorParams = body?["error_param"] is JsonArray list
            ? list.Select(p => p?.ToString() ?? "").ToList()
            : [];
        return new OpenSmsApiException(response.StatusCode, Text(body?["error_code"]), Text(body?["error_msg"]), errorParams,
            RequestIdOf(response) ?? Text(body?["request_id"]), text)
        {
            EncodedAuthorizationMessage = Text(body?["encoded_authorization_message"]),
        };
    }

    static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();

    static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;

    static JsonNode? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    /// <summary>Appends the non-null parameters as a query string, escaped.</summary>
    internal static string WithQuery(string path, params (string Name, object? Value)[] parameters)
    {
        var parts = parameters.Where(p => p.Value is not null)
            .Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(Format(p.Value!))}")
            .ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static string Escape(string segment) => Uri.EscapeDataString(segment);
}
