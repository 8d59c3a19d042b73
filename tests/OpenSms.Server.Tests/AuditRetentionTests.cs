using Microsoft.Extensions.DependencyInjection;
using OpenSms.Server.Auth;
using OpenSms.Server.Cluster;

namespace OpenSms.Server.Tests;

/// <summary>The retention job forgets audit entries older than OpenSms:Audit:RetentionDays.</summary>
public sealed class AuditRetentionTests
{
    [Fact]
    public async Task AnAuditEntryOlderThanTheRetentionIsDeletedAndANewerOneKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new TestClock(DateTimeOffset.UtcNow);
        using var app = new OpenSmsApp { Clock = clock, Settings = new Dictionary<string, string> { ["OpenSms:Audit:RetentionDays"] = "2" } };
        using (var first = await app.AdminClientAsync(ct)) await first.NewUserAsync(ct);
        // Tokens last a day, so each step signs in again.
        clock.Advance(TimeSpan.FromDays(1));
        using (var second = await app.AdminClientAsync(ct))
        {
            await second.NewUserAsync(ct);
            await app.Services.GetRequiredService<AuditLog>().FlushAsync(ct);
            Assert.Equal(2, await CountAsync(second, ct));
        }
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        await app.Services.GetRequiredService<RetentionJob>().PurgeAsync(ct);

        using var admin = await app.AdminClientAsync(ct);
        Assert.Equal(1, await CountAsync(admin, ct));
    }

    static async Task<int> CountAsync(HttpClient admin, CancellationToken ct) =>
        (await admin.GetJsonAsync("/v3/opensms/audit?limit=1000", ct))["audit"]!.AsArray()
            .Count(e => e!["action"]!.GetValue<string>() == "iam:users:createUser");
}
