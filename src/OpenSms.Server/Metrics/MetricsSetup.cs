using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace OpenSms.Server.Metrics;

public static class MetricsSetup
{
    /// <summary>The instruments always (they cost nothing unheard); OpenTelemetry and its Prometheus exporter when enabled.</summary>
    public static WebApplicationBuilder AddMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TaskCensus>();
        builder.Services.AddSingleton<OpenSmsMetrics>();
        if (!Enabled(builder.Configuration)) return builder;
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(OpenSmsMetrics.MeterName)
            // http.server.request.duration by route and status: the request latency histograms.
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        // OpenTelemetry subscribes by meter name, which would also hear another host's meters in the same
        // process (tests run many); a meter made by some other host's IMeterFactory is dropped.
        builder.Services.ConfigureOpenTelemetryMeterProvider((sp, m) =>
        {
            var own = sp.GetRequiredService<IMeterFactory>();
            m.AddView(i => (i.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, own)) || PerBlockPoolSeries.Contains(i.Name)
                ? MetricStreamConfiguration.Drop : null);
        });
        return builder;
    }

    /// <summary>
    /// Kestrel's memory pool measures every block rented and returned, several per request: in the
    /// ingest profile that was 2 % of the server's CPU per progress report, for totals no operator
    /// acts on. Its allocated and evicted series (rare events) stay.
    /// </summary>
    internal static readonly HashSet<string> PerBlockPoolSeries = ["aspnetcore.memory_pool.rented", "aspnetcore.memory_pool.pooled"];

    /// <summary><c>GET /metrics</c>, open or behind <c>OpenSms:Metrics:Token</c>.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        if (!Enabled(app.ServiceProvider.GetRequiredService<IConfiguration>())) return app;
        var token = app.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Token;
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: string.IsNullOrEmpty(token) ? null : branch => branch.Use(async (context, next) =>
        {
            if (HasToken(context.Request, token)) await next(context);
            else
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
        }), optionsName: null);
        return app;
    }

    static bool Enabled(IConfiguration config) => config.GetValue($"{MetricsOptions.Section}:Enabled", true);

    static bool HasToken(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
