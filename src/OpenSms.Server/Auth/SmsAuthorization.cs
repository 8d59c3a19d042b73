using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenSms.Core.Contracts;
using OpenSms.Core.Iam;
using OpenSms.Server.Http;

namespace OpenSms.Server.Auth;

/// <summary>
/// Authorizes every authenticated request against the action catalogue and the caller's
/// policies, after routing and authentication. The account administrator passes without a
/// lookup; anyone else is evaluated on the endpoint's resource (the task's or source's server
/// and enterprise project). A denial is 403 SMS.9004 with an encoded authorization message.
/// </summary>
public sealed class SmsAuthorization(
    PolicyCache policies, ScopeCache scopes, SecretBox box, AuditLog audit, TimeProvider clock, IOptions<ServerOptions> options) : IMiddleware
{
    // The catalogue is a table scanned by route shape; every request of a route finds the same entry, so look it up once.
    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Method, string Route), CatalogueEntry?> Entries = new();

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var caller = context.Features.Get<Caller>();
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var entry = caller is null || route is null ? null : Entries.GetOrAdd((context.Request.Method, route), k => ActionCatalogue.Find(k.Method, k.Route));
        if (caller is null || entry is null) return next(context);

        // Progress reports are their own record (every one is a sample); auditing them would double the hot path's writes.
        var audited = entry.Access == AccessLevel.Write && entry.Operation != "UpdateTaskSpeed";
        // The administrator passes without evaluation; unaudited, nothing is left to do after the endpoint either.
        return caller.IsAdmin && !audited ? next(context) : AuthorizeAsync(context, next, caller, entry, audited);
    }

    async Task AuthorizeAsync(HttpContext context, RequestDelegate next, Caller caller, CatalogueEntry entry, bool audited)
    {
        var (decision, request) = caller.IsAdmin ? (Decision.AccountAdmin, null) : await EvaluateAsync(context, caller, entry);
        if (!decision.Allowed)
        {
            audit.Record(context, caller, entry.Action, request?.Resource, "deny", StatusCodes.Status403Forbidden);
            await Deny(caller, entry, request!, decision).ExecuteAsync(context);
            return;
        }
        // The administrator skips evaluation, but its audited calls must still name the resource they touch.
        var resource = caller.IsAdmin && audited ? await ResourceAsync(context, caller, entry) : request?.Resource;
        await next(context);
        if (audited) audit.Record(context, caller, entry.Action, resource, "allow", context.Response.StatusCode);
    }

    static readonly CatalogueEntry ShowTask = ActionCatalogue.Find("GET", "/v3/tasks/{task_id}")!;

    /// <summary>
    /// Whether the caller may read one task, decided exactly as ShowTask's request would be
    /// (<c>sms:server:getTask</c> on the task's source server, with its enterprise project); null when
    /// the account has no such task. For endpoints that name tasks outside their path, like the event stream.
    /// </summary>
    public async Task<(Decision Decision, AuthorizationRequest? Request)?> TaskReadAsync(Caller caller, string taskId, string? ip, CancellationToken ct)
    {
        var scope = await scopes.TaskAsync(caller.DomainId, taskId, ct);
        if (scope is null) return null;
        if (caller.IsAdmin) return (Decision.AccountAdmin, null);
        var attached = await policies.ForUserAsync(caller.UserId, ct);
        var keys = ConditionKeys.Standard(caller.UserId, caller.UserName, caller.DomainName, scope.EnterpriseProjectId, ip, clock.GetUtcNow());
        var request = ShowTask.ToRequest(ResourceUrn.ForServer(options.Value.Region, caller.DomainId, scope.SourceServerId), keys);
        return (PolicyEvaluator.Evaluate(request, attached), request);
    }

    /// <summary>The 403 (audited) for a refused <see cref="TaskReadAsync"/>.</summary>
    public SmsError DenyTaskRead(HttpContext context, Caller caller, AuthorizationRequest request, Decision decision)
    {
        audit.Record(context, caller, ShowTask.Action, request.Resource, "deny", StatusCodes.Status403Forbidden);
        return Deny(caller, ShowTask, request, decision);
    }

    async Task<string?> ResourceAsync(HttpContext context, Caller caller, CatalogueEntry entry)
    {
        var scopes = await ResourcesAsync(context, caller, entry, context.RequestAborted);
        return scopes.Count > 0 && scopes[^1] is { } scope ? ResourceUrn.ForServer(options.Value.Region, caller.DomainId, scope.SourceServerId) : null;
    }

    async Task<(Decision, AuthorizationRequest?)> EvaluateAsync(HttpContext context, Caller caller, CatalogueEntry entry)
    {
        var ct = context.RequestAborted;
        var attached = await policies.ForUserAsync(caller.UserId, ct);
        var servers = await ResourcesAsync(context, caller, entry, ct);
        var now = clock.GetUtcNow();
        var ip = context.Connection.RemoteIpAddress?.ToString();
        // BodyServers: every server the body names must be allowed; the first refusal decides.
        AuthorizationRequest? last = null;
        foreach (var scope in servers)
        {
            var resource = scope is null ? null : ResourceUrn.ForServer(options.Value.Region, caller.DomainId, scope.SourceServerId);
            var keys = ConditionKeys.Standard(caller.UserId, caller.UserName, caller.DomainName, scope?.EnterpriseProjectId, ip, now);
            last = entry.ToRequest(resource, keys);
            var decision = PolicyEvaluator.Evaluate(last, attached);
            if (!decision.Allowed) return (decision, last);
        }
        return (new Decision(true, DecisionReason.Allowed, null), last);
    }

    /// <summary>The resources to evaluate; a null element means account-level. Unknown ids are left to the endpoint's 404.</summary>
    async Task<IReadOnlyList<Core.Storage.ResourceScopeInfo?>> ResourcesAsync(HttpContext context, Caller caller, CatalogueEntry entry, CancellationToken ct)
    {
        var values = context.Request.RouteValues;
        switch (entry.Scope)
        {
            case ResourceScope.PathServer:
                var scope = values.TryGetValue("task_id", out var task) && task is string taskId
                    ? await scopes.TaskAsync(caller.DomainId, taskId, ct)
                    : values.Values.OfType<string>().FirstOrDefault() is { } sourceId ? await scopes.SourceAsync(caller.DomainId, sourceId, ct) : null;
                return scope is null ? [] : [scope];
            case ResourceScope.BodyServers:
                var found = new List<Core.Storage.ResourceScopeInfo?>();
                foreach (var (kind, id) in await BodyIdsAsync(context.Request, ct))
                {
                    var s = kind == 't' ? await scopes.TaskAsync(caller.DomainId, id, ct) : await scopes.SourceAsync(caller.DomainId, id, ct);
                    if (s is not null) found.Add(s);
                }
                return found.Count == 0 ? [null] : found;
            default:
                return [null];
        }
    }

    /// <summary>The servers a batch or create body names, read from a buffered copy the endpoint reads again.</summary>
    static async Task<List<(char Kind, string Id)>> BodyIdsAsync(HttpRequest request, CancellationToken ct)
    {
        var ids = new List<(char, string)>();
        if (request.ContentLength is > JsonBody.MaxBytes) return ids;
        request.EnableBuffering(JsonBody.MaxBytes + 1);
        try
        {
            // Any JSON may arrive here, not only objects: the indexers throw on the wrong kind of node.
            if (await JsonNode.ParseAsync(request.Body, cancellationToken: ct) is not JsonObject body) return ids;
            var path = request.Path.Value ?? "";
            if (body["source_server"] is JsonObject server && server["id"] is JsonValue source && source.TryGetValue<string>(out var sid)) ids.Add(('s', sid));
            if (body["ids"] is JsonArray list)
                foreach (var id in list.OfType<JsonValue>())
                    if (id.TryGetValue<string>(out var s)) ids.Add((path.StartsWith("/v3/sources", StringComparison.Ordinal) ? 's' : 't', s));
            if (body["task_info"] is JsonArray infos)
                foreach (var info in infos.OfType<JsonObject>())
                    if (info["task_id"] is JsonValue t && t.TryGetValue<string>(out var tid)) ids.Add(('t', tid));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // A body that is malformed (bad syntax, bad UTF-8 or escapes, a field given twice) is the
            // endpoint's to refuse with a 400; until then it is authorized as account-level.
        }
        finally
        {
            request.Body.Position = 0;
        }
        return ids;
    }

    SmsError Deny(Caller caller, CatalogueEntry entry, AuthorizationRequest request, Decision decision)
    {
        var resource = request.Resource ?? "*";
        var reason = $"You do not have permission to perform action {entry.Action} on resource {resource}.";
        var message = new JsonObject
        {
            ["domain_id"] = caller.DomainId, ["user_id"] = caller.UserId, ["user_name"] = caller.UserName,
            ["access_key"] = caller.AccessKey, ["action"] = entry.Action, ["resource"] = resource,
            ["decision"] = decision.Reason == DecisionReason.ExplicitDeny ? "explicit_deny" : "no_allow",
            ["context"] = JsonSerializer.SerializeToNode(request.Context.ToDictionary(k => k.Key, k => k.Value.ToArray()), SmsJson.Default.DictionaryStringStringArray),
            ["statement"] = decision.Statement is { } s
                ? new JsonObject
                {
                    ["policy_id"] = s.PolicyId, ["policy_name"] = s.PolicyName, ["statement_index"] = s.StatementIndex,
                    ["statement"] = JsonNode.Parse(s.StatementJson),
                }
                : null,
        };
        var body = new ErrorBody("SMS.9004",
            "The current account does not have the permission to execute policy. " + reason, [reason])
        {
            EncodedAuthorizationMessage = box.Seal(message.ToJsonString()),
            Details = [new ErrorDetail("SMS.9004", reason)],
        };
        return new SmsError(StatusCodes.Status403Forbidden, body);
    }
}
