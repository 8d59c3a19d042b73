using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Core.Webhooks;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>An account's webhooks and their delivery logs (extension; docs/webhooks.md).</summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/opensms/webhooks").WithTags("Webhooks").RequireAuthorization();
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapGet("/{webhook_id}", Show);
        g.MapDelete("/{webhook_id}", Delete);
        g.MapGet("/{webhook_id}/deliveries", Deliveries);
        return app;
    }

    /// <summary>Subscribes <c>url</c> to the account's events of the types named, from now on; the secret is never shown again.</summary>
    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> Create(
        HttpRequest request, Caller caller, IWebhookStore hooks, IEventStore events, SecretBox box, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.CreateWebhookRequest, ct);
        if (body.Error is not null) return body.Error;
        var (url, types, secret) = (body.Value!.Url, body.Value.Events, body.Value.Secret);
        if (WebhookValidator.Validate(url, types, secret) is { Any: true } errors) return SmsError.Invalid(errors);

        var hook = new Webhook
        {
            Id = Ids.New(), DomainId = caller.DomainId, Url = url!, Events = types!.Distinct(StringComparer.Ordinal).ToList(),
            SealedSecret = box.Seal(secret!), CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            // Only what happens from now on: a new subscriber is not flooded with the last day's log.
            Cursor = await events.LastIdAsync(ct),
        };
        await hooks.CreateAsync(hook, ct);
        return TypedResults.Json(new JsonObject { ["webhook"] = View(hook) }, SmsJson.Default.JsonObject, statusCode: 201);
    }

    static async Task<JsonHttpResult<JsonObject>> List(Caller caller, IWebhookStore hooks, CancellationToken ct)
    {
        var all = await hooks.ListAsync(caller.DomainId, ct);
        return TypedResults.Json(new JsonObject
        {
            ["count"] = all.Count, ["webhooks"] = new JsonArray(all.Select(h => (JsonNode?)View(h)).ToArray()),
        }, SmsJson.Default.JsonObject);
    }

    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> Show(string webhook_id, Caller caller, IWebhookStore hooks, CancellationToken ct) =>
        await hooks.FindAsync(caller.DomainId, webhook_id, ct) is { } hook
            ? TypedResults.Json(new JsonObject { ["webhook"] = View(hook) }, SmsJson.Default.JsonObject)
            : SmsError.NotFound("webhook", webhook_id);

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Delete(string webhook_id, Caller caller, IWebhookStore hooks, CancellationToken ct) =>
        await hooks.DeleteAsync(caller.DomainId, webhook_id, ct)
            ? TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse)
            : SmsError.NotFound("webhook", webhook_id);

    /// <summary>The newest tries first; <c>limit</c> 1–1000, default 100.</summary>
    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> Deliveries(
        string webhook_id, HttpRequest request, Caller caller, IWebhookStore hooks, CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        var limit = q.Number("limit", 100, 1, 1000);
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        if (await hooks.DeliveriesAsync(caller.DomainId, webhook_id, limit, ct) is not { } log) return SmsError.NotFound("webhook", webhook_id);
        return TypedResults.Json(new JsonObject
        {
            ["deliveries"] = new JsonArray(log.Select(d => (JsonNode?)new JsonObject
            {
                ["id"] = d.Id, ["event_id"] = d.EventId, ["event_type"] = d.EventType, ["attempt"] = d.Attempt,
                ["status_code"] = d.StatusCode, ["error"] = d.Error, ["duration_ms"] = d.DurationMs, ["at"] = d.At, ["outcome"] = d.Outcome,
            }).ToArray()),
        }, SmsJson.Default.JsonObject);
    }

    static JsonObject View(Webhook h) => new()
    {
        ["id"] = h.Id, ["url"] = h.Url, ["events"] = new JsonArray(h.Events.Select(e => (JsonNode?)e).ToArray()),
        ["created_at"] = h.CreatedAt, ["cursor"] = h.Cursor, ["failed_attempts"] = h.Attempts, ["next_attempt_at"] = h.NextAttemptAt,
    };
}
