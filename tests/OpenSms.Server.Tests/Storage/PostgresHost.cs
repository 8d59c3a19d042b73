using Microsoft.Extensions.DependencyInjection;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Tests.Storage;

/// <summary>The real server on a PostgreSQL database of its own, signed in as the operator's administrator.</summary>
public sealed class PostgresHost : IAsyncLifetime
{
    PostgresTestDatabase? database;

    public OpenSmsApp App { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    public string ConnectionString => database!.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        if (PostgresTestDatabase.SkipReason is not null) return;
        database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        App = new OpenSmsApp { PostgresConnectionString = database.ConnectionString };
        Admin = await App.AdminClientAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        if (App is not null) await App.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }

    public async Task<IReadOnlyList<Sample>> SamplesAsync(string taskId, CancellationToken ct)
    {
        var account = await App.Services.GetRequiredService<IAccountStore>().FindAccountByNameAsync("opensms", ct);
        return await App.Services.GetRequiredService<IProgressStore>().ListSamplesAsync(account!.Id, taskId, ct);
    }
}
