using System.Net;

namespace OpenSms.Client;

/// <summary>
/// An SMS or gateway error: any response outside 2xx. Carries Huawei's error body
/// (<c>error_code</c>, <c>error_msg</c>, <c>error_param</c>) and the request id to quote in a report.
/// </summary>
public sealed class OpenSmsApiException : Exception
{
    /// <summary>Creates the exception from a decoded error response.</summary>
    public OpenSmsApiException(HttpStatusCode statusCode, string? errorCode, string? errorMessage, IReadOnlyList<string> errorParams, string? requestId, string body)
        : base(Describe(statusCode, errorCode, errorMessage, body))
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        ErrorParams = errorParams;
        RequestId = requestId;
        Body = body;
    }

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary><c>error_code</c>, e.g. <c>SMS.9005</c> or <c>APIGW.0301</c>; null when the body had none.</summary>
    public string? ErrorCode { get; }

    /// <summary><c>error_msg</c>: what went wrong, in the server's words.</summary>
    public string? ErrorMessage { get; }

    /// <summary><c>error_param</c>: every offending field (SMS.9001) or the id concerned; empty when absent.</summary>
    public IReadOnlyList<string> ErrorParams { get; }

    /// <summary>The <c>X-Request-Id</c> header, or the body's <c>request_id</c> for gateway errors.</summary>
    public string? RequestId { get; }

    /// <summary>For a 403 SMS.9004: the message an administrator can decode to see why the policy said no.</summary>
    public string? EncodedAuthorizationMessage { get; init; }

    /// <summary>The response body as received.</summary>
    public string Body { get; }

    static string Describe(HttpStatusCode status, string? code, string? message, string body) =>
        code is null
            ? $"HTTP {(int)status}: {(body.Length > 200 ? body[..200] : body)}"
            : $"HTTP {(int)status} {code}: {message}";
}
