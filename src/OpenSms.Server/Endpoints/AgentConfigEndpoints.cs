using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>What an agent reads before it starts: its configuration and the privacy agreement (reference §1.5).</summary>
public static class AgentConfigEndpoints
{
    public static IEndpointRouteBuilder MapAgentConfig(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3").WithTags("Agent").RequireAuthorization();
        g.MapGet("/config", ShowConfig);
        g.MapGet("/privacy-agreements", ShowPrivacyAgreements);
        g.MapPost("/privacy-agreements", CreatePrivacyAgreements);
        return app;
    }

    /// <summary>The configured pairs over the defaults, so an operator can add keys or override mainRegion.</summary>
    static JsonHttpResult<JsonObject> ShowConfig(IOptions<AgentConfigOptions> agent, IOptions<ServerOptions> server)
    {
        var region = server.Value.Region;
        var config = new JsonObject { ["mainRegion"] = region };
        foreach (var (key, value) in agent.Value.Config) config[key] = value;
        var regions = agent.Value.Regions.Count > 0
            ? agent.Value.Regions.Select(r => (JsonNode?)new JsonObject(r.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))))
            : [new JsonObject { ["id"] = region, ["name"] = region }];
        return TypedResults.Json(new JsonObject { ["config"] = config, ["regions"] = new JsonArray(regions.ToArray()) }, SurfaceJson.Default.JsonObject);
    }

    static async Task<JsonHttpResult<JsonObject>> ShowPrivacyAgreements(Caller caller, IPrivacyStore privacy, CancellationToken ct) =>
        TypedResults.Json(new JsonObject { ["flag"] = await privacy.HasAgreedAsync(caller.DomainId, ct) }, SurfaceJson.Default.JsonObject);

    /// <summary>Huawei's call has no body; the account's agreement is recorded once, with who gave it and when.</summary>
    static async Task<JsonHttpResult<EmptyResponse>> CreatePrivacyAgreements(Caller caller, IPrivacyStore privacy, TimeProvider clock, CancellationToken ct)
    {
        await privacy.AgreeAsync(caller.DomainId, caller.UserId, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        return TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse);
    }
}
