using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenSms.Console.Tests;

/// <summary>
/// The console in a real browser against a real server. Live updates are checked without the event
/// stream's help: the console falls back to polling when the stream is not there, and either way a
/// report must reach the page without a reload.
/// </summary>
public sealed class ConsoleTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    readonly ConsoleHost host = new();
    static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 15000 };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task SigningInKeepsTheTokenInAnHttpOnlyStrictCookieAndShowsTheOverview()
    {
        Browser.SkipWithoutChromium();
        var page = await browser.SignedInPageAsync(host);
        var cookies = await page.Context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "opensms_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain("opensms_session", await page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);
        await Expect(page.Locator("#who-name")).ToContainTextAsync("admin @ opensms");
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedOnTheSignInForm()
    {
        Browser.SkipWithoutChromium();
        var context = await browserContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/");
        await page.Locator("#sign-in input[name=user]").FillAsync("admin");
        await page.Locator("#sign-in input[name=password]").FillAsync("wrong-password");
        await page.Locator("#sign-in button[type=submit]").ClickAsync();
        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("wrong");
    }

    [Fact]
    public async Task ANewTaskAppearsAndItsProgressBarMovesAsReportsArriveWithoutAReload()
    {
        Browser.SkipWithoutChromium();
        var ct = TestContext.Current.CancellationToken;
        using var agent = await host.AdminClientAsync(ct);
        var page = await browser.SignedInPageAsync(host);
        await page.EvaluateAsync("window.__sameDocument = true");

        var name = Api.Unique("web");
        var taskId = await agent.NewTaskAsync(name, ct);
        var row = page.Locator($"tr[data-task-id='{taskId}']");
        await Expect(row.Locator(".task-link")).ToHaveTextAsync(name + "-migration", Live);
        await Expect(row.Locator("[role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "0.0");

        await agent.ReportAsync(taskId, "MIGRATE_LINUX_FILE", 10, 100_000_000, 1_000_000_000, ct, speed: 120);
        await Expect(row.Locator("[role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "10.0", new() { Timeout = 15000 });
        await Expect(row).ToHaveAttributeAsync("data-state", "RUNNING");
        await agent.ReportAsync(taskId, "MIGRATE_LINUX_FILE", 55, 550_000_000, 1_000_000_000, ct, speed: 130);
        await Expect(row.Locator("[role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "55.0", new() { Timeout = 15000 });
        await Expect(row).ToContainTextAsync("130 Mbit/s");
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page reloaded");
        await Expect(page.Locator("#state-counts [data-state=RUNNING] strong")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task AProgressEventFromTheStreamRedrawsItsRowWithoutARequest()
    {
        Browser.SkipWithoutChromium();
        var ct = TestContext.Current.CancellationToken;
        using var agent = await host.AdminClientAsync(ct);
        var taskId = await agent.NewTaskAsync(Api.Unique("sse"), ct);
        await agent.ReportAsync(taskId, "MIGRATE_LINUX_FILE", 10, 100, 1000, ct, speed: 40);
        var context = await browser.NewContextAsync(host);
        // The stream as the server sends it; the numbers differ from the API's, so only the event can show them.
        var data = $$"""{"task_id":"{{taskId}}","time":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"subtask_name":"MIGRATE_LINUX_FILE","progress":60,"replicatesize":600,"totalsize":1000,"migrate_speed":321}""";
        await context.RouteAsync("**/v3/opensms/events*", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "text/event-stream", Body = $": keep-alive\nretry: 600000\nid: 1\nevent: progress\ndata: {data}\n\n",
        }));
        var page = await context.NewPageAsync();
        await Browser.SignInAsync(page, "admin", ConsoleHost.AdminPassword);

        var row = page.Locator($"tr[data-task-id='{taskId}']");
        await Expect(row.Locator("[role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "60.0");
        await Expect(row).ToContainTextAsync("321 Mbit/s");
    }

    [Fact]
    public async Task AnOverlappingSpeedLimitWindowIsReportedBesideTheWindowAndAFixedOneIsSaved()
    {
        Browser.SkipWithoutChromium();
        var ct = TestContext.Current.CancellationToken;
        using var agent = await host.AdminClientAsync(ct);
        var taskId = await agent.NewTaskAsync(Api.Unique("db"), ct);
        var page = await browser.SignedInPageAsync(host);
        await page.GotoAsync($"/console/#/tasks/{taskId}/speed-limit");

        await page.Locator("#add-window").ClickAsync();
        await page.Locator("#add-window").ClickAsync();
        await page.Locator("[data-field='speed_limit[0].start']").FillAsync("08:00");
        await page.Locator("[data-field='speed_limit[0].end']").FillAsync("15:00");
        await page.Locator("[data-field='speed_limit[0].speed']").FillAsync("100");
        await page.Locator("[data-field='speed_limit[1].start']").FillAsync("14:00");
        await page.Locator("[data-field='speed_limit[1].end']").FillAsync("16:00");
        await page.Locator("[data-field='speed_limit[1].speed']").FillAsync("200");
        await page.Locator("#save-speed-limit").ClickAsync();

        await Expect(page.Locator("[data-error-for='speed_limit[0]']")).ToContainTextAsync("speed_limit[0] overlaps speed_limit[1]");
        await Expect(page.Locator("[data-error-for='speed_limit[1]']")).ToContainTextAsync("speed_limit[1] overlaps speed_limit[0]");
        await Expect(page.Locator("tr[data-window='1']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("invalid"));

        await page.Locator("[data-field='speed_limit[1].start']").FillAsync("15:00");
        await page.Locator("#save-speed-limit").ClickAsync();
        await Expect(page.Locator("#speed-limit-message")).ToContainTextAsync("Saved");
        await Expect(page.Locator("[data-error-for='speed_limit[0]']")).ToBeEmptyAsync();
        await Expect(page.Locator("#preview .preview-day")).ToHaveCountAsync(7);
        await Expect(page.Locator("#preview .segment.w1").First).ToBeAttachedAsync();
        var saved = await agent.GetStringAsync($"/v3/tasks/{taskId}/speed-limit", ct);
        Assert.Contains("\"start\":\"15:00\"", saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoppingARunningTaskFromItsPageStopsIt()
    {
        Browser.SkipWithoutChromium();
        var ct = TestContext.Current.CancellationToken;
        using var agent = await host.AdminClientAsync(ct);
        var taskId = await agent.NewTaskAsync(Api.Unique("app"), ct);
        await agent.ReportAsync(taskId, "MIGRATE_LINUX_FILE", 20, 200, 1000, ct, speed: 50);
        var page = await browser.SignedInPageAsync(host);
        await page.GotoAsync($"/console/#/tasks/{taskId}");
        await Expect(page.Locator(".page-head .badge").First).ToHaveTextAsync("RUNNING");
        await Expect(page.Locator("#charts .uplot")).ToHaveCountAsync(4);

        await page.Locator("#actions [data-action=stop]").ClickAsync();

        await Expect(page.Locator("#action-message")).ToContainTextAsync("stop: done");
        await Expect(page.Locator(".page-head .badge").First).ToHaveTextAsync("ABORTING");
        Assert.Equal("ABORTING", await agent.StateAsync(taskId, ct));
        await Expect(page.Locator("#actions [data-action=stop]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AReportArrivingWhileTheTaskPageIsStillLoadingReachesThePage()
    {
        Browser.SkipWithoutChromium();
        var ct = TestContext.Current.CancellationToken;
        using var agent = await host.AdminClientAsync(ct);
        var taskId = await agent.NewTaskAsync(Api.Unique("late"), ct);
        await agent.ReportAsync(taskId, "MIGRATE_LINUX_FILE", 20, 200, 1000, ct, speed: 50);
        var page = await browser.SignedInPageAsync(host);
        // The charts' first read comes after the task's: a report made while it is held is one the
        // page's first read of the task cannot have seen, so only the event stream can bring it.
        var held = 0;
        await page.RouteAsync($"**/v3/opensms/tasks/{taskId}/samples*", async route =>
        {
            if (Interlocked.Exchange(ref held, 1) == 0)
                await agent.ReportAsync(taskId, "MIGRATE_LINUX_FILE", 60, 600, 1000, ct, speed: 70);
            await route.ContinueAsync();
        });
        await page.GotoAsync($"/console/#/tasks/{taskId}");

        await Expect(page.Locator(".facts [role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "60.0", new() { Timeout = 15000 });
    }

    [Fact]
    public async Task AtPhoneWidthTheTaskListTurnsIntoCardsWithoutSidewaysScrolling()
    {
        Browser.SkipWithoutChromium();
        var ct = TestContext.Current.CancellationToken;
        using var agent = await host.AdminClientAsync(ct);
        await agent.NewTaskAsync(Api.Unique("narrow"), ct);
        var page = await browser.SignedInPageAsync(host, width: 390, height: 844);
        await Expect(page.Locator("#tasks tbody tr")).ToHaveCountAsync(1, new() { Timeout = 15000 });
        await Expect(page.Locator("#tasks thead")).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
    }

    Task<IBrowserContext> browserContextAsync() => browser.NewContextAsync(host);
}
