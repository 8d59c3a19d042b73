using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>POST|GET /v3/users and GET|DELETE /v3/users/{id} (contract, Identity).</summary>
public sealed class IamUserTests(IamHost host) : IClassFixture<IamHost>
{
    [Fact]
    public async Task CreatingAUserAnswers201WithItsIdNameAccountAndEnabledFlag()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = IamHost.UniqueName("alice");

        using var response = await host.Admin.CreateUserAsync(
            new JsonObject { ["name"] = name, ["password"] = "Alice-pass-1", ["domain_id"] = host.AccountId, ["enabled"] = true }, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = (await response.JsonAsync(ct))["user"]!.AsObject();
        Assert.Equal(["id", "name", "domain_id", "enabled"], user.Select(p => p.Key));
        Assert.False(string.IsNullOrEmpty(user["id"]!.GetValue<string>()));
        Assert.Equal(name, user["name"]!.GetValue<string>());
        Assert.Equal(host.AccountId, user["domain_id"]!.GetValue<string>());
        Assert.True(user["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ACreatedUserIsListedAndShown()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);

        var list = await host.Admin.GetJsonAsync("/v3/users", ct);
        var shown = (await host.Admin.GetJsonAsync($"/v3/users/{user.Id}", ct))["user"]!;

        Assert.Contains(list["users"]!.AsArray(), u => u!["id"]!.GetValue<string>() == user.Id && u["name"]!.GetValue<string>() == user.Name);
        Assert.Equal(user.Name, shown["name"]!.GetValue<string>());
        Assert.Null(shown["password"]);
    }

    [Fact]
    public async Task DeletingAUserAnswers204AndItIsGoneAndCannotSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);

        using var deleted = await host.Admin.DeleteAsync($"/v3/users/{user.Id}", ct);
        using var shown = await host.Admin.GetAsync($"/v3/users/{user.Id}", ct);
        using var again = await host.Admin.DeleteAsync($"/v3/users/{user.Id}", ct);
        using var anonymous = host.App.CreateClient();
        using var signIn = await anonymous.SignInAsync("opensms", user.Name, user.Password, ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await shown.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        await again.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task TheAccountAdministratorCannotBeDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var users = await host.Admin.GetJsonAsync("/v3/users", ct);
        var adminId = users["users"]!.AsArray().Single(u => u!["name"]!.GetValue<string>() == "admin")!["id"]!.GetValue<string>();

        using var response = await host.Admin.DeleteAsync($"/v3/users/{adminId}", ct);

        await response.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
    }

    [Fact]
    public async Task ASecondUserWithTheSameNameIsAConflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);

        using var response = await host.Admin.CreateUserAsync(new JsonObject { ["name"] = user.Name, ["password"] = "Other-pass-1" }, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Equal(["user.name"], error.ErrorParams());
    }

    [Theory]
    [InlineData("bad name!", "Good-pass-1", "user.name")]
    [InlineData("", "Good-pass-1", "user.name")]
    [InlineData(null, "Good-pass-1", "user.name")]
    [InlineData("good-name", "short", "user.password")]
    [InlineData("good-name", null, "user.password")]
    [InlineData("bad/name", "short", "user.name,user.password")]
    public async Task AnInvalidNameOrPasswordIsA400NamingEachField(string? name, string? password, string fields)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = new JsonObject();
        if (name is not null) user["name"] = name;
        if (password is not null) user["password"] = password;

        using var response = await host.Admin.CreateUserAsync(user, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(fields.Split(','), error.ErrorParams());
    }

    [Fact]
    public async Task ADomainIdOfAnotherAccountIsA400()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Admin.CreateUserAsync(
            new JsonObject { ["name"] = IamHost.UniqueName("bob"), ["password"] = "Bob-pass-12", ["domain_id"] = "someone-else" }, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(["user.domain_id"], error.ErrorParams());
    }
}
