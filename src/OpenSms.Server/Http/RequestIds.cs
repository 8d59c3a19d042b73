using System.Security.Cryptography;

namespace OpenSms.Server.Http;

/// <summary>Every response carries <c>X-Request-Id</c>; gateway errors echo it as <c>request_id</c>.</summary>
public static class RequestIds
{
    const string Header = "X-Request-Id";

    // 32 hex digits as before: this process's random half, then a count. Unique within the process
    // by the count and across processes and restarts by the random half, without the system call
    // a random GUID costs on every request.
    static readonly ulong Instance = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    static long issued;

    public static string Get(HttpContext context) => context.TraceIdentifier;

    public static string Next() => string.Create(32, (ulong)Interlocked.Increment(ref issued), static (id, count) =>
    {
        Instance.TryFormat(id[..16], out _, "x16");
        count.TryFormat(id[16..], out _, "x16");
    });

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.TraceIdentifier = Next();
        // Set as the response starts: the exception handler clears headers set earlier, and a 5xx needs the id most.
        context.Response.OnStarting(static state =>
        {
            var started = (HttpContext)state;
            started.Response.Headers[Header] = started.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
