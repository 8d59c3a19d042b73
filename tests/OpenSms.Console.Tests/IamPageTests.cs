using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenSms.Console.Tests;

/// <summary>The administrator's IAM pages in a real browser: users, policies, access keys and decoding a refusal.</summary>
public sealed class IamPageTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    readonly ConsoleHost host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task TheAdministratorCreatesAUserAPolicyAndAKeyAndDecodesARefusal()
    {
        Browser.SkipWithoutChromium();
        var ct = TestContext.Current.CancellationToken;
        var page = await browser.SignedInPageAsync(host);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();

        await page.GotoAsync("/console/#/iam/users");
        await page.Locator("#new-user input[name=name]").FillAsync("agent-ep1");
        await page.Locator("#new-user input[name=password]").FillAsync("Agent-pass-1");
        await page.Locator("#new-user button[type=submit]").ClickAsync();
        await Expect(page.Locator("tr[data-user=agent-ep1]")).ToBeVisibleAsync();

        await page.GotoAsync("/console/#/iam/policies");
        await page.Locator("#new-policy input[name=policy_name]").FillAsync("read-tasks");
        await page.Locator("#new-policy textarea").FillAsync("""{"Version":"5.0","Statement":[{"Effect":"Maybe","Action":["sms:server:getTask"],"Resource":["*"]}]}""");
        await page.Locator("#new-policy button[type=submit]").ClickAsync();
        await Expect(page.Locator("#policy-document-error")).ToContainTextAsync("policy_document.Statement[0].Effect");
        await page.Locator("#new-policy textarea").FillAsync("""{"Version":"5.0","Statement":[{"Effect":"Allow","Action":["sms:server:getTask"],"Resource":["*"]}]}""");
        await page.Locator("#new-policy button[type=submit]").ClickAsync();
        await Expect(page.Locator("tr[data-policy=read-tasks]")).ToBeVisibleAsync();
        await page.Locator("tr[data-policy=read-tasks] button", new() { HasText = "attach" }).First.ClickAsync();
        await Expect(page.Locator("tr[data-policy=read-tasks]")).ToContainTextAsync("1 user(s)");

        await page.GotoAsync("/console/#/iam/keys");
        await page.Locator("#key-user").SelectOptionAsync(new SelectOptionValue { Label = "agent-ep1" });
        await page.Locator("#new-key input[name=description]").FillAsync("web-01 agent");
        await page.Locator("#new-key button[type=submit]").ClickAsync();
        await Expect(page.Locator("#secret-value")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("table.grid")).ToContainTextAsync("web-01 agent");
        await page.ReloadAsync();
        await Expect(page.Locator("#secret-value")).ToHaveCountAsync(0);

        // A refusal as the new user gets it, decoded on the page.
        using var user = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var token = await ConsoleHost.TokenAsync(user, "agent-ep1", "Agent-pass-1", ct);
        user.DefaultRequestHeaders.Add("X-Auth-Token", token);
        using var refused = await user.PostAsync("/v3/tasks/delete", new StringContent("""{"ids":[]}""", System.Text.Encoding.UTF8, "application/json"), ct);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        var encoded = System.Text.Json.Nodes.JsonNode.Parse(await refused.Content.ReadAsStringAsync(ct))!["encoded_authorization_message"]!.GetValue<string>();
        await page.GotoAsync("/console/#/iam/decode");
        await page.Locator("#decode textarea").FillAsync(encoded);
        await page.Locator("#decode button[type=submit]").ClickAsync();
        await Expect(page.Locator("#decoded")).ToContainTextAsync("\"user_name\": \"agent-ep1\"");
    }

    [Fact]
    public async Task AUserWithoutPermissionSeesAClearRefusalWhenStoppingATask()
    {
        Browser.SkipWithoutChromium();
        var ct = TestContext.Current.CancellationToken;
        using var admin = await host.AdminClientAsync(ct);
        var taskId = await admin.NewTaskAsync(Api.Unique("ro"), ct);
        await admin.SendJsonAsync(HttpMethod.Post, "/v3/users", new() { ["user"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "viewer", ["password"] = "Viewer-pass-1" } }, ct);
        var policy = await admin.SendJsonAsync(HttpMethod.Post, "/v5/policies", new()
        {
            ["policy_name"] = "view",
            ["policy_document"] = """{"Version":"5.0","Statement":[{"Effect":"Allow","Action":["sms:server:getTask","sms:server:queryServer"],"Resource":["*"]}]}""",
        }, ct);
        var users = await admin.GetStringAsync("/v3/users", ct);
        var viewerId = System.Text.Json.Nodes.JsonNode.Parse(users)!["users"]!.AsArray().Single(u => u!["name"]!.GetValue<string>() == "viewer")!["id"]!.GetValue<string>();
        await admin.SendJsonAsync(HttpMethod.Post, $"/v5/policies/{policy["policy"]!["policy_id"]!.GetValue<string>()}/attach-user", new() { ["user_id"] = viewerId }, ct);

        var page = await browser.SignedInPageAsync(host, user: "viewer", password: "Viewer-pass-1");
        await Expect(page.Locator("#nav a[href='#/iam/users']")).ToBeHiddenAsync();
        await page.GotoAsync($"/console/#/tasks/{taskId}");
        await page.Locator("#actions [data-action=stop]").ClickAsync();
        await Expect(page.Locator("#action-message")).ToContainTextAsync("Not allowed: You do not have permission to perform action sms:server:");
        Assert.Equal("READY", await admin.StateAsync(taskId, ct));
    }
}
