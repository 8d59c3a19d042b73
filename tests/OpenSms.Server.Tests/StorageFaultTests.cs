using System.Net;
using Microsoft.Data.Sqlite;

namespace OpenSms.Server.Tests;

/// <summary>A database fault is the server's problem: 503 SMS.6301, and still a request id to quote.</summary>
public sealed class StorageFaultTests
{
    [Fact]
    public async Task AStorageFaultIs503SMS6301WithARequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = new OpenSmsApp();
        using var client = await app.AdminClientAsync(ct);
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "opensms.db")};Pooling=False"))
        {
            await db.OpenAsync(ct);
            using var drop = db.CreateCommand();
            drop.CommandText = "DROP TABLE samples; DROP TABLE subtasks; DROP TABLE tasks;";
            await drop.ExecuteNonQueryAsync(ct);
        }

        using var response = await client.GetAsync("/v3/tasks", ct);

        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "SMS.6301", ct);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-Id").SingleOrDefault()));
    }
}
