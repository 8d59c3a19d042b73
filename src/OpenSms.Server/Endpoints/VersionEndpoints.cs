using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>ListApiVersion and ShowApiVersion (reference §1.5): anonymous, as at Huawei, so clients can probe.</summary>
public static class VersionEndpoints
{
    public static IEndpointRouteBuilder MapVersions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", List).WithTags("Versions").AllowAnonymous();
        app.MapGet("/{version}", Show).WithTags("Versions").AllowAnonymous();
        return app;
    }

    const string Current = "v3";

    /// <summary>Huawei's documented release date of v3, which is the API OpenSms speaks.</summary>
    const string Updated = "2020-09-02T17:50:00Z";

    static JsonHttpResult<JsonObject> List(HttpRequest request) =>
        TypedResults.Json(new JsonObject { ["versions"] = new JsonArray(Version(request)) }, SurfaceJson.Default.JsonObject);

    /// <summary>Any other single path segment is not an API: the gateway's 404, as for every unknown path.</summary>
    static Results<JsonHttpResult<JsonObject>, GatewayError> Show(string version, HttpRequest request) =>
        version == Current ? TypedResults.Json(Version(request), SurfaceJson.Default.JsonObject) : GatewayError.RouteNotFound();

    static JsonObject Version(HttpRequest request) => new()
    {
        ["id"] = Current,
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{request.Scheme}://{request.Host}/{Current}" }),
        ["status"] = "SUPPORTED",
        ["updated"] = Updated,
    };
}
