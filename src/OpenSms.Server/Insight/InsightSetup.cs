using OpenSms.Core.Insight;

namespace OpenSms.Server.Insight;

public static class InsightSetup
{
    public const string Section = "OpenSms:Insight";

    /// <summary>ETA, health and bottleneck on the task views, the report history reads behind them, and its retention.</summary>
    public static IServiceCollection AddInsight(this IServiceCollection services)
    {
        services.AddOptions<InsightOptions>().BindConfiguration(Section);
        // IInsightStore is the storage provider's: AddSqliteStorage and AddPostgresStorage register it.
        services.AddSingleton<TaskInsights>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Run by the hourly RetentionJob under the cluster lock.
        services.AddSingleton<SampleRetention>();
        return services;
    }
}
