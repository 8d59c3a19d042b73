using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Core.Storage;
using OpenSms.Server.Cluster;
using OpenSms.Server.Storage;
using OpenSms.Server.Storage.Postgres;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// Every store of one provider on a fresh, migrated database, registered exactly as the server
/// registers them; one per test class.
/// </summary>
public abstract class StoreDatabase : IAsyncLifetime
{
    ServiceProvider? services;

    /// <summary>Null when the provider can run here, else why its tests are skipped.</summary>
    public virtual string? SkipReason => null;

    public IDatabase Database => Get<IDatabase>();
    public IAccountStore Accounts => Get<IAccountStore>();
    public IRevocationStore Revocations => Get<IRevocationStore>();
    public ISourceStore Sources => Get<ISourceStore>();
    public ITaskStore Tasks => Get<ITaskStore>();
    public IProgressStore Progress => Get<IProgressStore>();
    public IIamStore Iam => Get<IIamStore>();
    public IScopeStore Scopes => Get<IScopeStore>();
    public IClusterLock ClusterLock => Get<IClusterLock>();

    public T Get<T>() where T : notnull => (services ?? throw new InvalidOperationException("The database was skipped.")).GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null) return;
        services = (await AddStorageAsync(new ServiceCollection().AddLogging())).BuildServiceProvider();
        await MigrateAsync(TestContext.Current.CancellationToken);
    }

    protected virtual Task MigrateAsync(CancellationToken ct) => Database.MigrateAsync(ct);

    protected abstract Task<IServiceCollection> AddStorageAsync(IServiceCollection services);

    public virtual async ValueTask DisposeAsync()
    {
        if (services is not null) await services.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public class SqliteStoreDatabase : StoreDatabase
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "opensms-tests", Guid.NewGuid().ToString("N"));

    protected override Task<IServiceCollection> AddStorageAsync(IServiceCollection services) =>
        Task.FromResult(services.AddSqliteStorage($"Data Source={Path.Combine(folder, "opensms.db")}"));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>A SQLite database as an earlier release left it, migrated only through a version; its test upgrades it.</summary>
public abstract class OlderSqliteStoreDatabase(long throughVersion) : SqliteStoreDatabase
{
    protected override Task MigrateAsync(CancellationToken ct) => Get<SqliteDb>().MigrateAsync(throughVersion, ct);
}

public sealed class SqliteStoreDatabaseBefore0018() : OlderSqliteStoreDatabase(17);

public sealed class SqliteStoreDatabaseBefore0019() : OlderSqliteStoreDatabase(18);

public sealed class PostgresStoreDatabase : StoreDatabase
{
    PostgresTestDatabase? database;

    public override string? SkipReason => PostgresTestDatabase.SkipReason;

    public string ConnectionString => database!.ConnectionString;

    protected override async Task<IServiceCollection> AddStorageAsync(IServiceCollection services)
    {
        database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        return services.AddPostgresStorage(database.ConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }
}
