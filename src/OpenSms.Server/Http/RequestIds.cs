namespace OpenSms.Server.Http;

/// <summary>Every response carries <c>X-Request-Id</c>; gateway errors echo it as <c>request_id</c>.</summary>
public static class RequestIds
{
    const string Header = "X-Request-Id";

    public static string Get(HttpContext context) => context.TraceIdentifier;

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.TraceIdentifier = Guid.NewGuid().ToString("N");
        // Set as the response starts: the exception handler clears headers set earlier, and a 5xx needs the id most.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = context.TraceIdentifier;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
