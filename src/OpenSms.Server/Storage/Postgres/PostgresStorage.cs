using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenSms.Core.Storage;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Storage.Postgres;

public static class PostgresStorage
{
    /// <summary>Any number of instances on one database: caches are invalidated and jobs locked through it.</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, string connectionString)
    {
        // The stores read snake_case columns into PascalCase properties.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(WithoutReset(WithAutoPrepare(connectionString))).UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>()).Build());
        services.AddKeyedSingleton(PostgresDb.Sessions, (sp, _) =>
            new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString)
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>()).Build());
        // Npgsql logs every command at Information; its warnings and errors are what an operator needs.
        services.AddLogging(logging => logging.AddFilter("Npgsql", LogLevel.Warning));
        services.AddSingleton<PostgresDb>();
        services.AddSingleton<IDatabase>(sp => sp.GetRequiredService<PostgresDb>());
        services.AddSingleton<PostgresAccountStore>();
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<PostgresAccountStore>());
        services.AddSingleton<IRevocationStore>(sp => sp.GetRequiredService<PostgresAccountStore>());
        services.AddSingleton<ISourceStore, PostgresSourceStore>();
        services.AddSingleton<ITaskStore, PostgresTaskStore>();
        services.AddSingleton<IProgressStore, PostgresProgressStore>();
        services.AddSingleton<IIamStore, PostgresIamStore>();
        services.AddSingleton<IScopeStore, PostgresScopeStore>();
        // The rest of the SMS surface (SurfaceSetup) and the insight history (InsightSetup).
        services.AddSingleton<ITaskSettingsStore, PostgresTaskSettingsStore>();
        services.AddSingleton<IConsistencyStore, PostgresConsistencyStore>();
        services.AddSingleton<ISecureChannelStore, PostgresSecureChannelStore>();
        services.AddSingleton<IMigProjectStore, PostgresMigProjectStore>();
        services.AddSingleton<ITemplateStore, PostgresTemplateStore>();
        services.AddSingleton<ISourceDetailStore, PostgresSourceDetailStore>();
        services.AddSingleton<IPrivacyStore, PostgresPrivacyStore>();
        services.AddSingleton<IInsightStore, PostgresInsightStore>();
        services.AddSingleton<ISampleRetentionStore, PostgresSampleRetentionStore>();
        services.AddSingleton<IWebhookStore, PostgresWebhookStore>();
        services.AddSingleton<IEventStore, PostgresEventStore>();
        services.AddSingleton<ITaskHealthStore, PostgresTaskHealthStore>();
        services.AddSingleton<EventSignal>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICacheInvalidation, PostgresCacheInvalidation>();
        services.AddSingleton<IClusterLock, PostgresClusterLock>();
        services.AddHostedService<PostgresInvalidationListener>();
        return services;
    }

    /// <summary>
    /// Npgsql's automatic preparation, on unless the connection string says otherwise. Every statement
    /// OpenSms sends is one of a few dozen texts; prepared, PostgreSQL parses and plans each once per
    /// connection instead of on every call, which halved its CPU per ShowTask (docs/benchmarks.md).
    /// </summary>
    internal static string WithAutoPrepare(string connectionString) =>
        WithDefault(connectionString, "Max Auto Prepare", b => b.MaxAutoPrepare = AutoPrepared);

    /// <summary>
    /// Pooled connections handed on as they are, unless the connection string says otherwise. Npgsql
    /// otherwise resets each one's session (seven statements) before its next use, for state OpenSms
    /// never leaves on them: the LISTEN and the session's advisory locks live on connections outside
    /// the pool (<see cref="PostgresDb.OpenSessionAsync"/>), and an unfinished transaction is rolled
    /// back either way. ShowTask's throughput rose by 18 % (docs/benchmarks.md).
    /// </summary>
    internal static string WithoutReset(string connectionString) =>
        WithDefault(connectionString, "No Reset On Close", b => b.NoResetOnClose = true);

    /// <summary><paramref name="connectionString"/> with <paramref name="set"/> applied, unless it names <paramref name="key"/> (with or without spaces) itself.</summary>
    static string WithDefault(string connectionString, string key, Action<NpgsqlConnectionStringBuilder> set)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey(key) || given.ContainsKey(key.Replace(" ", "", StringComparison.Ordinal))) return connectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        set(builder);
        return builder.ConnectionString;
    }

    /// <summary>Statements kept prepared per connection: more than OpenSms's distinct texts on any hot path.</summary>
    internal const int AutoPrepared = 64;
}
