using System.Globalization;
using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace OpenSms.Console.Tests;

/// <summary>
/// Makes the README's pictures of the console (docs/images/console-*.png): a populated overview and a
/// task detail with an hour of history. It runs only when OPENSMS_SCREENSHOTS names the folder to
/// write to, e.g. <c>OPENSMS_SCREENSHOTS=$PWD/docs/images dotnet test --project tests/OpenSms.Console.Tests</c>.
/// The history is made quickly by a server clock that starts an hour back and steps with each report.
/// </summary>
public sealed class Screenshots(Browser browser) : IClassFixture<Browser>
{
    const string Folder = "OPENSMS_SCREENSHOTS";
    const long Gb = 1_000_000_000;

    sealed class SteppedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    [Fact]
    public async Task TheReadmePicturesOfTheConsole()
    {
        var folder = Environment.GetEnvironmentVariable(Folder);
        Assert.SkipWhen(string.IsNullOrEmpty(folder), $"set {Folder} to the folder for the pictures");
        Browser.SkipWithoutChromium();
        var ct = TestContext.Current.CancellationToken;
        var clock = new SteppedClock { Offset = TimeSpan.FromMinutes(-62) };
        await using var host = new ConsoleHost { Clock = clock };
        using var agent = await host.AdminClientAsync(ct);

        var main = await agent.NewTaskAsync("erp-db-01", ct);
        var web1 = await agent.NewTaskAsync("web-01", ct);
        var web2 = await agent.NewTaskAsync("web-02", ct);
        var mail = await agent.NewTaskAsync("mail-01", ct);
        var report = await agent.NewTaskAsync("report-02", ct);
        await SetWindowsAsync(agent, main, ct);

        foreach (var (id, size) in new[] { (main, 220 * Gb), (web1, 80 * Gb), (web2, 60 * Gb), (mail, 40 * Gb), (report, 120 * Gb) })
        {
            await agent.ReportAsync(id, "CREATE_CLOUD_SERVER", 100, 0, size, ct, more: Load(0));
            await agent.ReportAsync(id, "SSL_CONFIG", 100, 0, size, ct, more: Load(0));
            await agent.ReportAsync(id, "ATTACH_AGENT_IMAGE", 100, 0, size, ct, more: Load(0));
        }
        clock.Offset += TimeSpan.FromMinutes(2);

        long done = 0, doneWeb1 = 0, doneWeb2 = 0, doneMail = 0, doneReport = 0;
        for (var i = 0; i < 240; i++)
        {
            // Under the first window's 250 Mbit/s, a short burst over it (a near miss), then the second window's 450.
            var minutes = i / 4.0;
            var speed = minutes < 30 ? 215 + 20 * Math.Sin(i / 5.0) + (i is >= 60 and < 63 ? 90 : 0) : 405 + 25 * Math.Sin(i / 4.0);
            done += (long)(speed * 1_000_000 / 8 * 15);
            await agent.ReportAsync(main, "MIGRATE_LINUX_FILE", (int)(100 * done / (220 * Gb)), done, 220 * Gb, ct, Math.Round(speed, 1), Load(i));
            if (i % 2 == 0)
            {
                doneWeb1 = Math.Min(80 * Gb, doneWeb1 + 300_000_000);
                await agent.ReportAsync(web1, "MIGRATE_LINUX_FILE", (int)(100 * doneWeb1 / (80 * Gb)), doneWeb1, 80 * Gb, ct, 160 + 10 * Math.Cos(i), Load(i + 7));
                if (i < 200) doneWeb2 = Math.Min(60 * Gb, doneWeb2 + 280_000_000);
                await agent.ReportAsync(web2, i < 200 ? "MIGRATE_LINUX_BLOCK" : "SYNC_LINUX_BLOCK", i < 200 ? (int)(100 * doneWeb2 / (60 * Gb)) : 40, doneWeb2, 60 * Gb, ct, 150, Load(i + 3));
            }
            if (i < 120 && i % 2 == 0)
            {
                doneMail = Math.Min(40 * Gb, doneMail + 700_000_000);
                await agent.ReportAsync(mail, "MIGRATE_LINUX_FILE", (int)(100 * doneMail / (40 * Gb)), doneMail, 40 * Gb, ct, 360, Load(i + 11));
            }
            if (i == 120)
            {
                await agent.ReportAsync(mail, "CONFIGURE_LINUX_FILE", 100, 40 * Gb, 40 * Gb, ct, more: Load(0));
                await agent.ReportAsync(mail, "DETTACH_AGENT_IMAGE", 100, 40 * Gb, 40 * Gb, ct, more: Load(0));
            }
            if (i < 150 && i % 3 == 0)
            {
                doneReport += 250_000_000;
                await agent.ReportAsync(report, "MIGRATE_LINUX_BLOCK", (int)(100 * doneReport / (120 * Gb)), doneReport, 120 * Gb, ct, 110, Load(i + 5));
            }
            clock.Offset += TimeSpan.FromSeconds(15);
        }
        clock.Offset = TimeSpan.Zero;
        await agent.NewTaskAsync("files-01", ct);
        var stopped = await agent.NewTaskAsync("crm-app-01", ct);
        await agent.SendJsonAsync(HttpMethod.Post, $"/v3/tasks/{stopped}/action", new JsonObject { ["operation"] = "stop" }, ct);

        var page = await browser.SignedInPageAsync(host, 1280, 720);
        await Expect(page.Locator("#tasks tbody tr")).ToHaveCountAsync(7);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder!, "console-overview.png"), FullPage = true });

        await page.GotoAsync($"/console/#/tasks/{main}");
        await Expect(page.Locator("#charts .uplot")).ToHaveCountAsync(4);
        await Expect(page.Locator("#overspeed li")).ToHaveCountAsync(1);
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder!, "console-task.png"), FullPage = true });

        await page.GotoAsync($"/console/#/tasks/{main}/speed-limit");
        await Expect(page.Locator("#preview .preview-day")).ToHaveCountAsync(7);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder!, "console-speed-limits.png"), FullPage = true });

        await agent.SendJsonAsync(HttpMethod.Post, "/v3/users", new() { ["user"] = new JsonObject { ["name"] = "agent-ep1", ["password"] = "Agent-pass-1" } }, ct);
        await agent.SendJsonAsync(HttpMethod.Post, "/v5/policies", new()
        {
            ["policy_name"] = "report-progress-ep-1", ["description"] = "agents of enterprise project ep-1",
            ["policy_document"] = """{"Version":"5.0","Statement":[{"Effect":"Allow","Action":["sms:server:updateTaskProgress"],"Resource":["sms:*:*:server:*"],"Condition":{"StringEquals":{"g:EnterpriseProjectId":["ep-1"]}}}]}""",
        }, ct);
        await page.GotoAsync("/console/#/iam/policies");
        await Expect(page.Locator("tr[data-policy]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder!, "console-policies.png"), FullPage = true });

        var phone = await browser.SignedInPageAsync(host, 390, 844);
        await Expect(phone.Locator("#tasks tbody tr")).ToHaveCountAsync(7);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(folder!, "console-overview-phone.png") });
        await phone.GotoAsync($"/console/#/tasks/{main}");
        await Expect(phone.Locator("#overspeed li")).ToHaveCountAsync(1);
        await phone.WaitForTimeoutAsync(500);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(folder!, "console-task-phone.png"), FullPage = true });
    }

    /// <summary>Two windows around the history's hour (in UTC): 250 Mbit/s for its first half, 450 after.</summary>
    static Task<JsonObject> SetWindowsAsync(HttpClient agent, string task, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        string At(int minutes) => now.AddMinutes(minutes).ToString("HH:mm", CultureInfo.InvariantCulture);
        return agent.SendJsonAsync(HttpMethod.Post, $"/v3/tasks/{task}/speed-limit", new JsonObject
        {
            ["speed_limit"] = new JsonArray(
                new JsonObject { ["start"] = At(-75), ["end"] = At(-30), ["speed"] = 250 },
                new JsonObject { ["start"] = At(-30), ["end"] = At(90), ["speed"] = 450, ["over_speed_threshold"] = 20 }),
        }, ct);
    }

    static JsonObject Load(int i) => new()
    {
        ["total_cpu_usage"] = Math.Round(35 + 15 * Math.Sin(i / 9.0), 1), ["agent_cpu_usage"] = Math.Round(8 + 3 * Math.Sin(i / 6.0), 1),
        ["total_mem_usage"] = Math.Round(6200 + 400 * Math.Sin(i / 20.0), 1), ["agent_mem_usage"] = Math.Round(310 + 25 * Math.Cos(i / 15.0), 1),
        ["total_disk_io"] = Math.Round(260 + 60 * Math.Sin(i / 7.0), 1), ["agent_disk_io"] = Math.Round(190 + 40 * Math.Sin(i / 7.0), 1),
    };
}
