using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Core.Iam;

namespace OpenSms.Server.Tests;

public sealed class ActionCatalogueCoverageTests
{
    /// <summary>Endpoints that act only on the caller's own identity or need none, so no policy can apply.</summary>
    static readonly HashSet<string> Exempt = new(StringComparer.Ordinal)
    {
        "POST /v3/auth/tokens", "GET /v3/auth/tokens", "DELETE /v3/auth/tokens",
        "GET /v3/auth/domains", "GET /v3/projects", "GET /healthz", "GET /readyz",
        // ListApiVersion and ShowApiVersion are anonymous, as at Huawei.
        "GET /", "GET /{version}",
        // The console's files are anonymous; its session endpoints sign the caller itself in and out.
        "GET /console/{**path}", "POST /console/session", "GET /console/session", "DELETE /console/session",
    };

    [Fact]
    public void EveryEndpointTheServerMapsHasAnActionInTheCatalogue()
    {
        using var app = new OpenSmsApp();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .ToList();

        Assert.NotEmpty(endpoints);
        var missing = endpoints.Where(e => !Exempt.Contains($"{e.Method} {(e.Route == "/" ? e.Route : e.Route.TrimEnd('/'))}") && ActionCatalogue.Find(e.Method, e.Route) is null)
            .Select(e => $"{e.Method} {e.Route}").ToList();
        Assert.Empty(missing);
    }
}
