using OpenSms.Core.Storage;

namespace OpenSms.Server.Tests.Storage;

/// <summary>Webhooks, their delivery state and log, the same on every provider.</summary>
public abstract class WebhookStoreContract(StoreDatabase db) : StoreContract(db)
{
    IWebhookStore Hooks => Db.Get<IWebhookStore>();

    static Webhook Hook(string domainId, long createdAt = 1_000, long cursor = 7) => new()
    {
        Id = NewId(), DomainId = domainId, Url = "https://hooks.example.com/x?y=1", Events = ["progress", "state"],
        SealedSecret = "sealed", CreatedAt = createdAt, Cursor = cursor,
    };

    [Fact]
    public async Task AWebhookRoundTripsAndBelongsToItsAccountOnly()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var first = Hook(account.Id, createdAt: 1_000);
        var second = Hook(account.Id, createdAt: 2_000);
        await Hooks.CreateAsync(second, Ct);
        await Hooks.CreateAsync(first, Ct);

        Assert.Equal(first, await Hooks.FindAsync(account.Id, first.Id, Ct) is { } found ? found with { Events = first.Events } : null);
        Assert.Equal(["progress", "state"], (await Hooks.FindAsync(account.Id, first.Id, Ct))!.Events);
        Assert.Equal([first.Id, second.Id], (await Hooks.ListAsync(account.Id, Ct)).Select(h => h.Id));
        Assert.Null(await Hooks.FindAsync(other.Id, first.Id, Ct));
        Assert.Empty(await Hooks.ListAsync(other.Id, Ct));
        Assert.False(await Hooks.DeleteAsync(other.Id, first.Id, Ct));
        Assert.Null(await Hooks.DeliveriesAsync(other.Id, first.Id, 10, Ct));

        Assert.True(await Hooks.DeleteAsync(account.Id, first.Id, Ct));
        Assert.Null(await Hooks.FindAsync(account.Id, first.Id, Ct));
    }

    [Fact]
    public async Task AdvancingMovesTheCursorLogsTheTryAndHoldsTheWebhookBackUntilItsRetry()
    {
        var (account, _, _) = await NewAccountAsync();
        var hook = Hook(account.Id);
        await Hooks.CreateAsync(hook, Ct);
        var failed = new WebhookDelivery(0, hook.Id, 8, "state", 1, 500, null, 12, 5_000, DeliveryOutcomes.Failed);

        await Hooks.AdvanceAsync(hook.Id, 7, 1, 9_000, failed, Ct);

        Assert.DoesNotContain(hook.Id, (await Hooks.DueAsync(8_999, Ct)).Select(h => h.Id));
        Assert.Contains(hook.Id, (await Hooks.DueAsync(9_000, Ct)).Select(h => h.Id));
        var stored = (await Hooks.FindAsync(account.Id, hook.Id, Ct))!;
        Assert.Equal((7L, 1, (long?)9_000), (stored.Cursor, stored.Attempts, stored.NextAttemptAt));

        await Hooks.AdvanceAsync(hook.Id, 8, 0, null, failed with { Attempt = 2, StatusCode = null, Error = "refused", At = 9_001, Outcome = DeliveryOutcomes.GaveUp }, Ct);
        await Hooks.AdvanceAsync(hook.Id, 11, 0, null, null, Ct);

        stored = (await Hooks.FindAsync(account.Id, hook.Id, Ct))!;
        Assert.Equal((11L, 0, (long?)null), (stored.Cursor, stored.Attempts, stored.NextAttemptAt));
        var log = (await Hooks.DeliveriesAsync(account.Id, hook.Id, 10, Ct))!;
        Assert.Equal([(2, (int?)null, "refused", DeliveryOutcomes.GaveUp), (1, 500, null, DeliveryOutcomes.Failed)],
            log.Select(d => (d.Attempt, d.StatusCode, d.Error, d.Outcome)));
        Assert.Single((await Hooks.DeliveriesAsync(account.Id, hook.Id, 1, Ct))!);

        await Hooks.PruneDeliveriesAsync(9_001, Ct);
        Assert.Equal([9_001L], (await Hooks.DeliveriesAsync(account.Id, hook.Id, 10, Ct))!.Select(d => d.At));
    }

    [Fact]
    public async Task AdvancingADeletedWebhookDoesNothing()
    {
        var (account, _, _) = await NewAccountAsync();
        var hook = Hook(account.Id);
        await Hooks.CreateAsync(hook, Ct);
        await Hooks.DeleteAsync(account.Id, hook.Id, Ct);

        await Hooks.AdvanceAsync(hook.Id, 9, 0, null, new WebhookDelivery(0, hook.Id, 9, "state", 1, 200, null, 1, 1, DeliveryOutcomes.Delivered), Ct);

        Assert.Null(await Hooks.FindAsync(account.Id, hook.Id, Ct));
    }
}

public sealed class SqliteWebhookStoreTests(SqliteStoreDatabase db) : WebhookStoreContract(db), IClassFixture<SqliteStoreDatabase>;

public sealed class PostgresWebhookStoreTests(PostgresStoreDatabase db) : WebhookStoreContract(db), IClassFixture<PostgresStoreDatabase>;
