namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// Live events across instances: a report accepted by one server process reaches a stream open on
/// the other (the writer's NOTIFY wakes the other's hub, which reads the shared log).
/// </summary>
public sealed class TwoInstanceEventTests : IClassFixture<TwoInstances>
{
    readonly TwoInstances cluster;

    public TwoInstanceEventTests(TwoInstances cluster)
    {
        Assert.SkipWhen(PostgresTestDatabase.SkipReason is not null, PostgresTestDatabase.SkipReason ?? "");
        this.cluster = cluster;
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReportAcceptedByOneInstanceReachesAStreamOpenOnTheOther()
    {
        using var a = await TwoInstances.AdminClientAsync(cluster.A, Ct);
        using var b = await TwoInstances.AdminClientAsync(cluster.B, Ct);
        var taskId = await a.NewTaskAsync(Ct, "events-" + Guid.NewGuid().ToString("N")[..8]);
        await using var stream = await SseClient.OpenAsync(b, Ct, taskId: taskId);

        await a.ReportOkAsync(taskId, Api.ProgressBody(progress: 42, replicated: 420), Ct);

        var events = await stream.TakeAsync(2, Ct);
        Assert.Equal(["progress", "state"], events.Select(e => e.Type));
        Assert.Equal(42, events[0].Data["progress"]!.GetValue<int>());
        Assert.Equal("RUNNING", events[1].Data["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReportsToBothInstancesAtOnceReachAStreamInIdOrderEachOnce()
    {
        using var a = await TwoInstances.AdminClientAsync(cluster.A, Ct);
        using var b = await TwoInstances.AdminClientAsync(cluster.B, Ct);
        var (onA, onB) = (await a.NewTaskAsync(Ct, "a-" + Guid.NewGuid().ToString("N")[..8]), await b.NewTaskAsync(Ct, "b-" + Guid.NewGuid().ToString("N")[..8]));
        await using var stream = await SseClient.OpenAsync(b, Ct);

        // Two writers committing at once: their ids must still become visible in order, or the tail skips some.
        await Task.WhenAll(
            Task.Run(async () => { for (var i = 1; i <= 25; i++) await a.ReportOkAsync(onA, Api.ProgressBody(progress: i), Ct); }, Ct),
            Task.Run(async () => { for (var i = 1; i <= 25; i++) await b.ReportOkAsync(onB, Api.ProgressBody(progress: i), Ct); }, Ct));

        var events = (await stream.TakeAsync(52, Ct)).Where(e => e.TaskId == onA || e.TaskId == onB).ToList();
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        foreach (var task in new[] { onA, onB })
            Assert.Equal(Enumerable.Range(1, 25), events.Where(e => e.TaskId == task && e.Type == "progress").Select(e => e.Data["progress"]!.GetValue<int>()));
    }
}
