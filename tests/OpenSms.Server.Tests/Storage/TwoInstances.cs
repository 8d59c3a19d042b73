using System.Security.Cryptography;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// Two real server processes on one PostgreSQL database, as behind a load balancer. They share
/// one data directory, so one server.key, and start at the same moment, so migrations and the
/// operator account's creation race as they would in a rolling deployment.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "opensms-tests", Guid.NewGuid().ToString("N"));
    PostgresTestDatabase? database;

    public ServerProcess A { get; private set; } = null!;
    public ServerProcess B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (PostgresTestDatabase.SkipReason is not null) return;
        var ct = TestContext.Current.CancellationToken;
        database = await PostgresTestDatabase.CreateAsync(ct);
        // The operator copies one key to every instance (docs/operations.md); two instances that
        // each generated their own would refuse each other's tokens.
        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "server.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ct);
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = database.ConnectionString,
            ["OpenSms:DataDirectory"] = dataDirectory, ["OPENSMS_ADMIN_PASSWORD"] = OpenSmsApp.AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var starting = new[] { ServerProcess.StartAsync(settings, ct), ServerProcess.StartAsync(settings, ct) };
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            // Whatever started is stopped by DisposeAsync, even when the other failed.
            if (starting[0].IsCompletedSuccessfully) A = starting[0].Result;
            if (starting[1].IsCompletedSuccessfully) B = starting[1].Result;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
    }

    public static async Task<HttpClient> AdminClientAsync(ServerProcess server, CancellationToken ct)
    {
        var client = Client(server);
        client.DefaultRequestHeaders.Add("X-Auth-Token", await OpenSmsApp.TokenAsync(client, "opensms", "admin", OpenSmsApp.AdminPassword, ct));
        return client;
    }

    public static HttpClient Client(ServerProcess server) => new() { BaseAddress = server.Address };
}
