using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// Target VM templates (reference §1.4). The template is echoed as sent; the target password is
/// kept sealed and only ShowTargetPassword returns it.
/// </summary>
public static class TemplateEndpoints
{
    public static IEndpointRouteBuilder MapTemplates(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/vm/templates").WithTags("Templates").RequireAuthorization();
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapPost("/delete", DeleteMany);
        g.MapGet("/{id}", Show);
        g.MapPut("/{id}", Update);
        g.MapDelete("/{id}", Delete);
        g.MapGet("/{id}/target-password", ShowTargetPassword);
        return app;
    }

    static async Task<Results<JsonHttpResult<IdResponse>, SmsError>> Create(
        HttpRequest request, Caller caller, ITemplateStore store, SecretBox box, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.TemplateBody, ct);
        if (body.Error is not null) return body.Error;
        var errors = TemplateRules.Validate(body.Value!.Template, creating: true);
        if (errors.Any) return SmsError.Invalid(errors);

        var sent = TemplateRules.Sent(body.Raw);
        var template = TemplateRules.With(new VmTemplate
        {
            Id = Ids.New(), DomainId = caller.DomainId, Name = "", TemplateJson = "{}", CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, sent, body.Value.Template!.TargetPassword, box);
        await store.CreateAsync(template, ct);
        return TypedResults.Json(new IdResponse(template.Id), SmsJson.Default.IdResponse);
    }

    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> List(HttpRequest request, Caller caller, ITemplateStore store, CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        var query = new TemplateQuery(q.Text("name"), q.Text("availability_zone"), q.Text("region"), q.Text("id"),
            q.Number("limit", 50, 0, 100), q.Number("offset", 0, 0, 65535));
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        var (count, items) = await store.ListAsync(caller.DomainId, query, ct);
        var list = new JsonArray(items.Select(t => (JsonNode?)TemplateRules.View(t)).ToArray());
        return TypedResults.Json(new JsonObject { ["count"] = count, ["templates"] = list }, SurfaceJson.Default.JsonObject);
    }

    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> Show(string id, Caller caller, ITemplateStore store, CancellationToken ct)
    {
        var template = await store.FindAsync(caller.DomainId, id, ct);
        return template is null
            ? SmsError.NotFound("template", id)
            : TypedResults.Json(new JsonObject { ["template"] = TemplateRules.View(template) }, SurfaceJson.Default.JsonObject);
    }

    /// <summary>Fields sent replace the template's; an absent or empty <c>target_password</c> keeps the stored one.</summary>
    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Update(
        string id, HttpRequest request, Caller caller, ITemplateStore store, SecretBox box, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.TemplateBody, ct);
        if (body.Error is not null) return body.Error;
        var errors = TemplateRules.Validate(body.Value!.Template, creating: false);
        if (errors.Any) return SmsError.Invalid(errors);

        var template = await store.FindAsync(caller.DomainId, id, ct);
        if (template is null) return SmsError.NotFound("template", id);
        var merged = JsonNode.Parse(template.TemplateJson) as JsonObject ?? [];
        foreach (var (key, value) in TemplateRules.Sent(body.Raw)) merged[key] = value?.DeepClone();
        var updated = TemplateRules.With(template, merged, body.Value.Template!.TargetPassword, box);
        return await store.UpdateAsync(updated, ct)
            ? TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse)
            : SmsError.NotFound("template", id);
    }

    static Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Delete(string id, Caller caller, ITemplateStore store, CancellationToken ct) =>
        DeleteAsync([id], caller, store, ct);

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> DeleteMany(HttpRequest request, Caller caller, ITemplateStore store, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.IdsRequest, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Ids is not { Count: > 0 and <= 100 } ids || ids.Any(string.IsNullOrEmpty))
            return SmsError.Invalid("ids", "must list 1 to 100 ids");
        return await DeleteAsync(ids, caller, store, ct);
    }

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> DeleteAsync(IReadOnlyList<string> ids, Caller caller, ITemplateStore store, CancellationToken ct)
    {
        var outcome = await store.DeleteAsync(caller.DomainId, ids, ct);
        return outcome.Result == DeleteResult.NotFound
            ? SmsError.NotFound("template", outcome.Id!)
            : TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse);
    }

    static async Task<Results<JsonHttpResult<TargetPasswordResponse>, SmsError>> ShowTargetPassword(
        string id, Caller caller, ITemplateStore store, SecretBox box, CancellationToken ct)
    {
        var template = await store.FindAsync(caller.DomainId, id, ct);
        if (template is null) return SmsError.NotFound("template", id);
        var password = template.TargetPasswordEnc is { } sealedText
            ? box.Open(sealedText) ?? throw new InvalidOperationException($"The target password of template {id} does not open with this server's key.")
            : "";
        return TypedResults.Json(new TargetPasswordResponse(id, password), SurfaceJson.Default.TargetPasswordResponse);
    }
}
