using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// The two IAM calls Huawei SDKs make before the first request when built with a region and no
/// ids (reference §4.3): the caller's domain, and the project for the region.
/// </summary>
public static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v3/auth/domains", Domains).WithTags("Identity").RequireAuthorization();
        app.MapGet("/v3/projects", Projects).WithTags("Identity").RequireAuthorization();
        return app;
    }

    static JsonHttpResult<JsonObject> Domains(HttpRequest request, Caller caller)
    {
        var self = Link(request, "/v3/auth/domains");
        var domain = new JsonObject
        {
            ["id"] = caller.DomainId, ["name"] = caller.DomainName, ["enabled"] = true, ["description"] = "",
            ["links"] = new JsonObject { ["self"] = Link(request, $"/v3/domains/{caller.DomainId}") },
        };
        return TypedResults.Json(new JsonObject { ["domains"] = new JsonArray(domain), ["links"] = new JsonObject { ["self"] = self } },
            SmsJson.Default.JsonObject);
    }

    /// <summary>
    /// The SDK asks for the project named after its region and needs exactly one back. A project
    /// of that name wins; otherwise the account's default project answers for any region, since
    /// an OpenSms account is not split by region.
    /// </summary>
    static async Task<JsonHttpResult<JsonObject>> Projects(HttpRequest request, Caller caller, IAccountStore accounts, CancellationToken ct)
    {
        var name = request.Query["name"].ToString();
        var projects = await accounts.ListProjectsAsync(caller.DomainId, ct);
        var matches = name.Length == 0 ? projects
            : projects.Where(p => p.Name == name).DefaultIfEmpty(projects.FirstOrDefault(p => p.Name == Bootstrap.DefaultProject)).OfType<Project>().ToList();
        var list = new JsonArray(matches.Select(p => (JsonNode?)new JsonObject
        {
            ["id"] = p.Id, ["name"] = p.Name, ["domain_id"] = p.DomainId, ["parent_id"] = p.DomainId, ["enabled"] = true,
            ["is_domain"] = false, ["description"] = "", ["links"] = new JsonObject { ["self"] = Link(request, $"/v3/projects/{p.Id}") },
        }).ToArray());
        return TypedResults.Json(new JsonObject { ["projects"] = list, ["links"] = new JsonObject { ["self"] = Link(request, "/v3/projects") } },
            SmsJson.Default.JsonObject);
    }

    static string Link(HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{path}";
}
