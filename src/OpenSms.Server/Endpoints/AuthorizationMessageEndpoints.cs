using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>Decodes the encoded_authorization_message of a 403, for the administrator of the same account.</summary>
public static class AuthorizationMessageEndpoints
{
    public static IEndpointRouteBuilder MapAuthorizationMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v5/authorization-messages/decode", Decode).WithTags("Policies").RequireAuthorization();
        return app;
    }

    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> Decode(HttpRequest request, Caller caller, SecretBox box, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.DecodeRequest, ct);
        if (body.Error is not null) return body.Error;
        if (string.IsNullOrEmpty(body.Value!.EncodedAuthorizationMessage)) return SmsError.Invalid("encoded_authorization_message", "is required");
        // Another account's message decodes to nothing, exactly like a forged one.
        var decoded = box.Open(body.Value.EncodedAuthorizationMessage) is { } text ? JsonNode.Parse(text) as JsonObject : null;
        if (decoded is null || decoded["domain_id"]?.GetValue<string>() != caller.DomainId)
            return SmsError.Invalid("encoded_authorization_message", "is not a message this server issued to your account");
        return TypedResults.Json(new JsonObject { ["decoded_message"] = decoded }, SmsJson.Default.JsonObject);
    }
}
