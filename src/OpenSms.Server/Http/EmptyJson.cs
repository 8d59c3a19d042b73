using System.Buffers;

namespace OpenSms.Server.Http;

/// <summary>
/// <c>200 {}</c> written as two fixed bytes with their length: the progress hot path answers this to
/// every report, and serializing an empty object through the JSON writer (chunked, flushed) cost
/// a good part of the answer's cost.
/// </summary>
public sealed class EmptyJson : IResult
{
    public static readonly EmptyJson Instance = new();

    static readonly byte[] Body = "{}"u8.ToArray();

    EmptyJson()
    {
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Body.Length;
        // Left in Kestrel's buffer: it goes out with the headers when the request completes, in one write.
        response.BodyWriter.Write(Body);
        return Task.CompletedTask;
    }
}
