using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>Permanent access keys (AK/SK) for signed requests, as IAM's OS-CREDENTIAL API.</summary>
public static class CredentialEndpoints
{
    public static IEndpointRouteBuilder MapCredentials(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3.0/OS-CREDENTIAL/credentials").WithTags("Credentials").RequireAuthorization();
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapDelete("/{access}", Delete);
        return app;
    }

    /// <summary>IAM allows two keys per user; so do we.</summary>
    const int MaxKeysPerUser = 2;

    static async Task<Results<JsonHttpResult<CredentialResponse>, SmsError>> Create(
        HttpRequest request, Caller caller, IIamStore iam, SecretBox box, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.CreateCredentialRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!.Credential;
        if (r is null || string.IsNullOrEmpty(r.UserId)) return SmsError.Invalid("credential.user_id", "is required");
        if (r.Description is { Length: > 255 }) return SmsError.Invalid("credential.description", "must be at most 255 characters long");
        if (await iam.FindUserAsync(caller.DomainId, r.UserId, ct) is null) return SmsError.NotFound("user", r.UserId);
        if ((await iam.ListKeysAsync(caller.DomainId, r.UserId, ct)).Count >= MaxKeysPerUser)
            return SmsError.Conflict($"The user already has {MaxKeysPerUser} access keys; delete one first.", "credential.user_id");

        var secret = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);
        var key = new AccessKey
        {
            Access = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20),
            DomainId = caller.DomainId, UserId = r.UserId, SecretEnc = box.Seal(secret), Status = "active",
            Description = r.Description, CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await iam.CreateKeyAsync(key, ct);
        return TypedResults.Json(new CredentialResponse(View(key) with { Secret = secret }), SmsJson.Default.CredentialResponse, statusCode: 201);
    }

    static async Task<JsonHttpResult<CredentialsResponse>> List(HttpRequest request, Caller caller, IIamStore iam, CancellationToken ct)
    {
        var userId = request.Query["user_id"].ToString();
        var keys = await iam.ListKeysAsync(caller.DomainId, userId.Length == 0 ? null : userId, ct);
        return TypedResults.Json(new CredentialsResponse(keys.Select(View).ToList()), SmsJson.Default.CredentialsResponse);
    }

    static async Task<Results<NoContent, SmsError>> Delete(string access, Caller caller, IIamStore iam, AccessKeyCache keys, CancellationToken ct)
    {
        if (!await iam.DeleteKeyAsync(caller.DomainId, access, ct)) return SmsError.NotFound("access key", access);
        await keys.InvalidateAsync(access);
        return TypedResults.NoContent();
    }

    static CredentialView View(AccessKey k) => new(k.Access, k.UserId, k.Status,
        DateTimeOffset.FromUnixTimeMilliseconds(k.CreatedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        k.Description);
}
