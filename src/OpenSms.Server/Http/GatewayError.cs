using OpenSms.Core.Contracts;

namespace OpenSms.Server.Http;

/// <summary>An authentication failure in the API gateway's body (APIGW.0301 and friends), as a result value.</summary>
public sealed class GatewayError(int status, string code, string message) : IResult
{
    public static GatewayError Unauthorized(string reason) =>
        new(StatusCodes.Status401Unauthorized, "APIGW.0301", "Incorrect IAM authentication information: " + reason);

    public static GatewayError RouteNotFound() =>
        new(StatusCodes.Status404NotFound, "APIGW.0101", "The API does not exist or has not been published in the environment.");

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        var body = new GatewayErrorBody(code, message, RequestIds.Get(httpContext));
        return httpContext.Response.WriteAsJsonAsync(body, SmsJson.Default.GatewayErrorBody);
    }
}
