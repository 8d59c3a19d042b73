using System.Globalization;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Events;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>The live event stream (extension; docs/events.md).</summary>
public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v3/opensms/events", Stream).WithTags("Events").RequireAuthorization();
        return app;
    }

    /// <summary>
    /// Server-sent events of the caller's account, or of one task (<c>task_id</c>); a reconnecting
    /// client's <c>Last-Event-ID</c> header (or <c>last_event_id</c>) replays what it missed.
    /// </summary>
    static async Task<IResult> Stream(HttpContext context, Caller caller, EventHub hub, IEventStore store, SmsAuthorization auth,
        IOptions<EventOptions> options, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var q = new QueryArgs(context.Request.Query);
        var taskId = q.Text("task_id", 64);
        var lastEventId = LastEventId(context.Request, q);
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        if (taskId is not null)
        {
            var read = await auth.TaskReadAsync(caller, taskId, context.Connection.RemoteIpAddress?.ToString(), ct);
            if (read is not { } decided) return SmsError.NotFound("task", taskId);
            if (!decided.Decision.Allowed) return auth.DenyTaskRead(context, caller, decided.Request!, decided.Decision);
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        using var subscription = await hub.SubscribeAsync(caller.DomainId, taskId, ct);
        var stream = new SseConnection(context, caller, auth, store, TimeSpan.FromSeconds(options.Value.KeepAliveSeconds));
        await stream.RunAsync(subscription, lastEventId, stopping.Token);
        return Results.Empty;
    }

    /// <summary>The header a browser's EventSource sends on reconnecting wins over the query the page opened with.</summary>
    static long? LastEventId(HttpRequest request, QueryArgs q)
    {
        var (name, text) = request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header
            ? ("Last-Event-ID", header)
            : ("last_event_id", request.Query["last_event_id"].ToString());
        if (text.Length == 0) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        q.Errors.Add(name, "must be the id of an event, a non-negative integer");
        return null;
    }
}
