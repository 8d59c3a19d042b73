using Microsoft.Playwright;

namespace OpenSms.Console.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver, with no browser download. Tests skip,
/// rather than fail, on a machine without /usr/bin/chromium.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    IPlaywright? playwright;
    IBrowser? browser;

    public static void SkipWithoutChromium() =>
        Assert.SkipUnless(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install -y chromium)");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium)) return;
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser profile (no cookies) at the given width.</summary>
    public Task<IBrowserContext> NewContextAsync(ConsoleHost host, int width = 1280, int height = 900) =>
        browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = host.BaseUrl });

    /// <summary>A fresh browser profile at the given width, signed in to the console (as the administrator unless told).</summary>
    public async Task<IPage> SignedInPageAsync(ConsoleHost host, int width = 1280, int height = 900, string user = "admin", string? password = null)
    {
        var context = await NewContextAsync(host, width, height);
        var page = await context.NewPageAsync();
        await SignInAsync(page, user, password ?? ConsoleHost.AdminPassword);
        return page;
    }

    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/console/");
        await page.Locator("#sign-in input[name=user]").FillAsync(user);
        await page.Locator("#sign-in input[name=password]").FillAsync(password);
        await page.Locator("#sign-in button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Migrations");
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
