using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Iam;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>Identity policies (IAM 5.0 shape) and their attachment to users.</summary>
public static class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapPolicies(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v5/policies").WithTags("Policies").RequireAuthorization();
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapGet("/{policy_id}", Show);
        g.MapDelete("/{policy_id}", Delete);
        g.MapPost("/{policy_id}/attach-user", Attach);
        g.MapPost("/{policy_id}/detach-user", Detach);
        return app;
    }

    static async Task<Results<JsonHttpResult<PolicyResponse>, SmsError>> Create(
        HttpRequest request, Caller caller, IIamStore iam, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.CreatePolicyRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        if (r.PolicyName is null) errors.Missing("policy_name");
        else errors.Length("policy_name", r.PolicyName, 1, 128);
        errors.Length("description", r.Description, 0, 1000);
        if (r.PolicyDocument is null) errors.Missing("policy_document");
        else foreach (var (field, message) in PolicyCache.Validate(r.PolicyDocument).Items)
            errors.Add(field == PolicyParser.DocumentField ? field : $"{PolicyParser.DocumentField}.{field}", message);
        if (errors.Any) return SmsError.Invalid(errors);

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var policy = new StoredPolicy
        {
            Id = Ids.New(), DomainId = caller.DomainId, Name = r.PolicyName!, Description = r.Description,
            Document = r.PolicyDocument!, CreatedAt = now, UpdatedAt = now,
        };
        if (await iam.CreatePolicyAsync(policy, ct) == CreateResult.AlreadyExists)
            return SmsError.Conflict($"A policy named {policy.Name} already exists.", "policy_name");
        return TypedResults.Json(new PolicyResponse(View(policy, caller)), SmsJson.Default.PolicyResponse, statusCode: 201);
    }

    static async Task<JsonHttpResult<PoliciesResponse>> List(Caller caller, IIamStore iam, CancellationToken ct) =>
        TypedResults.Json(new PoliciesResponse((await iam.ListPoliciesAsync(caller.DomainId, ct)).Select(p => View(p, caller)).ToList()),
            SmsJson.Default.PoliciesResponse);

    static async Task<Results<JsonHttpResult<PolicyResponse>, SmsError>> Show(string policy_id, Caller caller, IIamStore iam, CancellationToken ct) =>
        await iam.FindPolicyAsync(caller.DomainId, policy_id, ct) is { } policy
            ? TypedResults.Json(new PolicyResponse(View(policy, caller) with { PolicyDocument = policy.Document }), SmsJson.Default.PolicyResponse)
            : SmsError.NotFound("policy", policy_id);

    static async Task<Results<NoContent, SmsError>> Delete(string policy_id, Caller caller, IIamStore iam, CancellationToken ct)
    {
        var policy = await iam.FindPolicyAsync(caller.DomainId, policy_id, ct);
        if (policy is null) return SmsError.NotFound("policy", policy_id);
        if (policy.AttachmentCount > 0)
            return SmsError.Conflict($"The policy is attached to {policy.AttachmentCount} user(s); detach it first.", "attachment_count");
        await iam.DeletePolicyAsync(caller.DomainId, policy_id, ct);
        return TypedResults.NoContent();
    }

    static Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Attach(
        string policy_id, HttpRequest request, Caller caller, IIamStore iam, PolicyCache cache, TimeProvider clock, CancellationToken ct) =>
        ChangeAttachmentAsync(policy_id, request, cache,
            userId => iam.AttachAsync(caller.DomainId, policy_id, userId, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct), ct);

    static Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Detach(
        string policy_id, HttpRequest request, Caller caller, IIamStore iam, PolicyCache cache, CancellationToken ct) =>
        ChangeAttachmentAsync(policy_id, request, cache, userId => iam.DetachAsync(caller.DomainId, policy_id, userId, ct), ct);

    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> ChangeAttachmentAsync(
        string policyId, HttpRequest request, PolicyCache cache, Func<string, Task<AttachResult>> change, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.AttachUserRequest, ct);
        if (body.Error is not null) return body.Error;
        if (string.IsNullOrEmpty(body.Value!.UserId)) return SmsError.Invalid("user_id", "is required");
        var result = await change(body.Value.UserId);
        if (result == AttachResult.PolicyNotFound) return SmsError.NotFound("policy", policyId);
        if (result == AttachResult.UserNotFound) return SmsError.NotFound("user", body.Value.UserId);
        await cache.InvalidateAsync(body.Value.UserId);
        return TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse);
    }

    static PolicyView View(StoredPolicy p, Caller caller) => new(
        p.Id, p.Name, "custom", "v1", p.AttachmentCount, p.Description, $"iam::{caller.DomainId}:policy:{p.Name}", p.CreatedAt, p.UpdatedAt);
}
