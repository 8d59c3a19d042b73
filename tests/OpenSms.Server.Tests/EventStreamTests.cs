using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace OpenSms.Server.Tests;

/// <summary>GET /v3/opensms/events over a real loopback socket, as a browser's EventSource would read it.</summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    readonly OpenSmsApp app = new() { Settings = new Dictionary<string, string> { ["OpenSms:Events:KeepAliveSeconds"] = "1" } };
    Uri address = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        app.UseKestrel(0);
        app.StartServer();
        address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    /// <summary>A client on the socket, signed in as the administrator of a new account of its own.</summary>
    async Task<HttpClient> TenantAsync() => (await NewTenantAsync()).Client;

    async Task<(HttpClient Client, string Name)> NewTenantAsync()
    {
        var name = Kit.Unique("tenant");
        using (var op = Socket())
        {
            op.DefaultRequestHeaders.Add("X-Auth-Token", await OpenSmsApp.TokenAsync(op, "opensms", "admin", OpenSmsApp.AdminPassword, Ct));
            using var created = await op.PostAsJsonAsync("/v3/opensms/accounts", new JsonObject { ["name"] = name, ["admin_password"] = "Tenant-pass-1" }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var client = Socket();
        client.DefaultRequestHeaders.Add("X-Auth-Token", await OpenSmsApp.TokenAsync(client, name, "admin", "Tenant-pass-1", Ct));
        return (client, name);
    }

    HttpClient Socket() => new() { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task ProgressAndStateEventsArriveLiveAndAReconnectWithLastEventIdResumesWithoutGapsOrDuplicates()
    {
        using var client = await TenantAsync();
        var task = await client.NewMigrationAsync(Ct);
        var seen = new List<SseEvent>();

        await using (var stream = await SseClient.OpenAsync(client, Ct))
        {
            await Kit.OkAsync(client.ActAsync(task.TaskId, "start", Ct), Ct);
            await client.ReportOkAsync(task.TaskId, Api.ProgressBody(progress: 10, replicated: 100).With("migrate_speed", 80.5).With("remain_time", 90), Ct);
            seen.AddRange(await stream.TakeAsync(2, Ct));
        }

        var state = seen[0];
        Assert.Equal(("state", task.TaskId), (state.Type, state.TaskId));
        Assert.Equal(("RUNNING", "READY"), (state.Data["state"]!.GetValue<string>(), state.Data["previous_state"]!.GetValue<string>()));
        var progress = seen[1];
        Assert.Equal("progress", progress.Type);
        Assert.Equal(
            $$"""{"task_id":"{{task.TaskId}}","time":{{progress.Data["time"]}},"subtask_name":"MIGRATE_LINUX_FILE","progress":10,"replicatesize":100,"totalsize":1000,"migrate_speed":80.5,"remain_seconds":90}""",
            progress.Data.ToJsonString());

        // Missed while disconnected: replayed from the log on reconnecting, then live again.
        for (var i = 2; i <= 4; i++) await client.ReportOkAsync(task.TaskId, Api.ProgressBody(progress: 10 * i, replicated: 100 * i), Ct);
        await using (var stream = await SseClient.OpenAsync(client, Ct, lastEventId: progress.Id))
        {
            seen.AddRange(await stream.TakeAsync(3, Ct));
            await client.ReportOkAsync(task.TaskId, Api.ProgressBody(progress: 50, replicated: 500), Ct);
            seen.Add(await stream.NextAsync(Ct));
            Assert.Null(await stream.TryNextAsync(TimeSpan.FromSeconds(1.5), Ct));
            Assert.Contains(": keep-alive", stream.Comments);
        }

        Assert.Equal([10, 20, 30, 40, 50], seen.Where(e => e.Type == "progress").Select(e => e.Data["progress"]!.GetValue<int>()));
        Assert.Equal(seen.Select(e => e.Id).Order(), seen.Select(e => e.Id));
        Assert.Equal(seen.Count, seen.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task ReportsWhileTheStreamReplaysAreEachSentOnce()
    {
        using var client = await TenantAsync();
        var taskId = await client.NewTaskAsync(Ct);
        for (var i = 1; i <= 30; i++) await client.ReportOkAsync(taskId, Api.ProgressBody(progress: i, replicated: i), Ct);

        // Reports keep coming while the reconnecting stream replays the first thirty from the log.
        var writer = Task.Run(async () =>
        {
            for (var i = 31; i <= 60; i++) await client.ReportOkAsync(taskId, Api.ProgressBody(progress: i, replicated: i), Ct);
        }, Ct);
        await using var stream = await SseClient.OpenAsync(client, Ct, lastEventId: 0);
        var events = (await stream.TakeAsync(62, Ct)).Where(e => e.Type == "progress").ToList();
        await writer;

        // Two state events (created READY, then READY to RUNNING) and sixty progress events, in order, none twice.
        Assert.Equal(Enumerable.Range(1, 60), events.Select(e => e.Data["progress"]!.GetValue<int>()));
        Assert.Null(await stream.TryNextAsync(TimeSpan.FromSeconds(0.5), Ct));
    }

    [Fact]
    public async Task AStreamCarriesOnlyTheCallersAccountAndTheNamedTask()
    {
        using var mine = await TenantAsync();
        using var theirs = await TenantAsync();
        var (first, second) = (await mine.NewTaskAsync(Ct, "first"), await mine.NewTaskAsync(Ct, "second"));
        var other = await theirs.NewTaskAsync(Ct);
        await using var all = await SseClient.OpenAsync(mine, Ct);
        await using var one = await SseClient.OpenAsync(mine, Ct, taskId: second);
        await theirs.ReportOkAsync(other, Api.ProgressBody(progress: 1), Ct);
        await mine.ReportOkAsync(first, Api.ProgressBody(progress: 2), Ct);
        await mine.ReportOkAsync(second, Api.ProgressBody(progress: 3), Ct);

        // Each report also moves its READY task to RUNNING: a progress and a state event per task.
        Assert.Equal([first, first, second, second], (await all.TakeAsync(4, Ct)).Select(e => e.TaskId));
        Assert.Equal([second, second], (await one.TakeAsync(2, Ct)).Select(e => e.TaskId));
        Assert.Null(await all.TryNextAsync(TimeSpan.FromSeconds(0.5), Ct));

        // Another account's task is no task of this account, as on ShowTask.
        using (var foreign = await mine.GetAsync($"/v3/opensms/events?task_id={other}", Ct))
            await foreign.AssertErrorAsync(HttpStatusCode.NotFound, "SMS.9005", Ct);
        using var badId = new HttpRequestMessage(HttpMethod.Get, "/v3/opensms/events");
        badId.Headers.Add("Last-Event-ID", "yesterday");
        using (var refused = await mine.SendAsync(badId, Ct))
            await refused.AssertInvalidAsync(Ct, "Last-Event-ID");
    }

    [Fact]
    public async Task AUserSeesTheEventsOfExactlyTheTasksTheirPoliciesLetThemRead()
    {
        var (admin, account) = await NewTenantAsync();
        using var _ = admin;
        var (visible, hidden) = (await admin.NewMigrationAsync(Ct), await admin.NewMigrationAsync(Ct));
        var accountId = (await admin.GetJsonAsync("/v3/auth/domains", Ct))["domains"]![0]!["id"]!.GetValue<string>();
        var user = await admin.NewUserAsync(Ct);
        var policy = await admin.NewPolicyAsync($$"""
            {'Version':'5.0','Statement':[
              {'Effect':'Allow','Action':['sms:server:listEvents']},
              {'Effect':'Allow','Action':['sms:server:getTask'],'Resource':['sms:opensms-1:{{accountId}}:server:{{visible.SourceId}}']}]}
            """, Ct);
        await Kit.OkAsync(admin.AttachAsync(policy, user.Id, Ct), Ct);
        using var client = Socket();
        client.DefaultRequestHeaders.Add("X-Auth-Token", await OpenSmsApp.TokenAsync(client, account, user.Name, user.Password, Ct));

        await using var stream = await SseClient.OpenAsync(client, Ct);
        await admin.ReportOkAsync(hidden.TaskId, Api.ProgressBody(progress: 1), Ct);
        await admin.ReportOkAsync(visible.TaskId, Api.ProgressBody(progress: 2), Ct);

        Assert.Equal([visible.TaskId, visible.TaskId], (await stream.TakeAsync(2, Ct)).Select(e => e.TaskId));
        Assert.Null(await stream.TryNextAsync(TimeSpan.FromSeconds(0.5), Ct));
        using (var named = await client.GetAsync($"/v3/opensms/events?task_id={hidden.TaskId}", Ct))
            await named.AssertErrorAsync(HttpStatusCode.Forbidden, "SMS.9004", Ct);
    }
}
