using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Storage.Sqlite;

public static class SqliteStorage
{
    /// <summary>The embedded default: one instance on one file, so the cluster pieces are in-process.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string? connectionString)
    {
        // The stores read snake_case columns into PascalCase properties.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSingleton(sp => new SqliteDb(connectionString
            ?? $"Data Source={Path.Combine(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory, "opensms.db")}"));
        services.AddSingleton<IDatabase>(sp => sp.GetRequiredService<SqliteDb>());
        services.AddSingleton<SqliteAccountStore>();
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<SqliteAccountStore>());
        services.AddSingleton<IRevocationStore>(sp => sp.GetRequiredService<SqliteAccountStore>());
        services.AddSingleton<ISourceStore, SqliteSourceStore>();
        services.AddSingleton<ITaskStore, SqliteTaskStore>();
        services.AddSingleton<IProgressStore, SqliteProgressStore>();
        services.AddSingleton<IIamStore, SqliteIamStore>();
        services.AddSingleton<IScopeStore, SqliteScopeStore>();
        // The rest of the SMS surface (SurfaceSetup) and the insight history (InsightSetup).
        services.AddSingleton<ITaskSettingsStore, SqliteTaskSettingsStore>();
        services.AddSingleton<IConsistencyStore, SqliteConsistencyStore>();
        services.AddSingleton<ISecureChannelStore, SqliteSecureChannelStore>();
        services.AddSingleton<IMigProjectStore, SqliteMigProjectStore>();
        services.AddSingleton<ITemplateStore, SqliteTemplateStore>();
        services.AddSingleton<ISourceDetailStore, SqliteSourceDetailStore>();
        services.AddSingleton<IPrivacyStore, SqlitePrivacyStore>();
        services.AddSingleton<IInsightStore, SqliteInsightStore>();
        services.AddSingleton<ISampleRetentionStore, SqliteSampleRetentionStore>();
        services.AddSingleton<IWebhookStore, SqliteWebhookStore>();
        services.AddSingleton<IEventStore, SqliteEventStore>();
        services.AddSingleton<ITaskHealthStore, SqliteTaskHealthStore>();
        services.AddSingleton<EventSignal>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICacheInvalidation, LocalCacheInvalidation>();
        services.AddSingleton<IClusterLock, LocalClusterLock>();
        return services;
    }
}
