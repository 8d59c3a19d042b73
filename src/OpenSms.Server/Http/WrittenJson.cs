using System.Text.Json;

namespace OpenSms.Server.Http;

/// <summary>
/// A 200 JSON body written straight to the response, for the views that are too large to build as
/// a tree first (a ListTasks page is 100 tasks; building it as JsonObjects and then serializing them
/// was a quarter of its cost, and most of its garbage).
/// </summary>
public sealed class WrittenJson(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        // The same escaping as the serializer's defaults, so the bytes match what a JsonObject gave.
        await using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter))
            write(writer);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
