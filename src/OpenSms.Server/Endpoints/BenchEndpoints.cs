using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// The ingest benchmark's baseline: a PUT in the same host that answers <c>{}</c> without
/// authentication or storage, written as the progress endpoint writes it. Mapped only with
/// <c>OpenSms:BenchBaseline=true</c>, never in production.
/// </summary>
public static class BenchEndpoints
{
    public static IEndpointRouteBuilder MapBenchBaseline(this IEndpointRouteBuilder app, IConfiguration config)
    {
        if (config.GetValue<bool>("OpenSms:BenchBaseline"))
            app.MapPut("/bench/bare/{task_id}/progress", () => EmptyJson.Instance).AllowAnonymous();
        return app;
    }
}
