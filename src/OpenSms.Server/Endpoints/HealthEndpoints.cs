using OpenSms.Server.Storage;

namespace OpenSms.Server.Endpoints;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous();
        app.MapGet("/readyz", Ready).AllowAnonymous();
        return app;
    }

    static async Task<IResult> Ready(IDatabase db, CancellationToken ct) =>
        await db.PingAsync(ct) ? TypedResults.Text("ready") : TypedResults.Text("storage unavailable", statusCode: 503);
}
