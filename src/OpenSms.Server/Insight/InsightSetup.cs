using OpenSms.Core.Insight;
using OpenSms.Core.Storage;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server.Insight;

public static class InsightSetup
{
    public const string Section = "OpenSms:Insight";

    /// <summary>ETA, health and bottleneck on the task views, and the report history reads behind them.</summary>
    public static IServiceCollection AddInsight(this IServiceCollection services)
    {
        services.AddOptions<InsightOptions>().BindConfiguration(Section);
        services.AddSingleton<IInsightStore, SqliteInsightStore>();
        services.AddSingleton<TaskInsights>();
        return services;
    }
}
