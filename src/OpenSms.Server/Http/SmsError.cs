using System.Globalization;
using OpenSms.Core;
using OpenSms.Core.Contracts;

namespace OpenSms.Server.Http;

/// <summary>
/// Every failure an SMS endpoint returns, written in Huawei's error body. Endpoints return these as
/// values; nothing is thrown for an expected failure.
/// </summary>
public sealed class SmsError(int status, ErrorBody body) : IResult
{
    public int StatusCode => status;
    public ErrorBody Body => body;

    /// <summary>Sent as <c>Retry-After</c> (whole seconds, rounded up) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        if (RetryAfter is { } wait)
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return httpContext.Response.WriteAsJsonAsync(body, SmsJson.Default.ErrorBody);
    }

    static SmsError Of(int status, string code, string message, params string[] param) =>
        new(status, new ErrorBody(code, message, param));

    public static SmsError Invalid(ValidationErrors errors) =>
        new(400, new ErrorBody("SMS.9001", "Invalid parameters: " + errors.Message, errors.Fields));

    public static SmsError Invalid(string field, string problem) =>
        Of(400, "SMS.9001", $"Invalid parameters: {field} {problem}", field);

    public static SmsError BadJson(string message, string? field = null) =>
        field is null ? Of(400, "SMS.9002", message) : Of(400, "SMS.9002", message, field);

    public static SmsError NotFound(string what, string id) =>
        Of(404, "SMS.9005", $"The {what} {id} does not exist.", id);

    public static SmsError Conflict(string message, string state) =>
        Of(409, "SMS.9006", message, state);

    public static SmsError StateRule(string code, string message) => Of(code == "SMS.9006" ? 409 : 400, code, message);

    public static SmsError TooLarge(long limit) =>
        Of(413, "SMS.2004", string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {limit} bytes."));

    public static SmsError UnsupportedMediaType() =>
        Of(415, "SMS.2006", "The Content-Type must be application/json.");

    public static SmsError RateLimited(TimeSpan retryAfter, string message = "Too many requests; try again later.") =>
        new(429, new ErrorBody("SMS.9009", message, [])) { RetryAfter = retryAfter };

    public static SmsError StorageUnavailable() =>
        Of(503, "SMS.6301", "Database read or write error. Nothing was saved; try again.");

    /// <summary>403 in the contract's body, which repeats the code and message in <c>details</c>.</summary>
    public static SmsError Forbidden(string message) =>
        new(403, new ErrorBody("SMS.9004", message, []) { Details = [new ErrorDetail("SMS.9004", message)] });
}
