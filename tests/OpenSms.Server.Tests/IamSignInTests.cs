using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>Created users sign in with the IAM password method; only the administrator (or a granted user) manages users.</summary>
public sealed class IamSignInTests(IamHost host) : IClassFixture<IamHost>
{
    [Fact]
    public async Task ACreatedUserSignsInAndGetsATokenForItsAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);
        using var client = host.App.CreateClient();

        using var response = await client.SignInAsync("opensms", user.Name, user.Password, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Subject-Token").Single()));
        var token = (await response.JsonAsync(ct))["token"]!;
        Assert.Equal(user.Id, token["user"]!["id"]!.GetValue<string>());
        Assert.Equal(host.AccountId, token["user"]!["domain"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADisabledUserCannotSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct, enabled: false);
        using var client = host.App.CreateClient();

        using var response = await client.SignInAsync("opensms", user.Name, user.Password, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("APIGW.0301", (await response.JsonAsync(ct))["error_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWrongPasswordCannotSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);
        using var client = host.App.CreateClient();

        using var response = await client.SignInAsync("opensms", user.Name, user.Password + "x", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string, string> UserManagement => new()
    {
        { "POST", "/v3/users" }, { "GET", "/v3/users" }, { "GET", "/v3/users/{id}" }, { "DELETE", "/v3/users/{id}" },
    };

    [Theory]
    [MemberData(nameof(UserManagement))]
    public async Task AUserWithoutPoliciesIsDeniedUserManagement(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        var victim = await host.NewUserAsync(ct);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", victim.Id, StringComparison.Ordinal));
        if (method == "POST") request.Content = JsonContent.Create(new JsonObject { ["user"] = new JsonObject { ["name"] = "x1", ["password"] = "Pass-word-1" } });

        using var response = await client.SendAsync(request, ct);

        var action = (method, path) switch
        {
            ("POST", _) => "iam:users:createUser",
            ("GET", "/v3/users") => "iam:users:listUsers",
            ("GET", _) => "iam:users:getUser",
            _ => "iam:users:deleteUser",
        };
        await response.AssertDeniedAsync(action, "*", ct);
        Assert.Equal(victim.Name, (await host.Admin.GetJsonAsync($"/v3/users/{victim.Id}", ct))["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AUserAllowedIamUsersManagesUsers()
    {
        var ct = TestContext.Current.CancellationToken;
        var (manager, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        await host.GrantAsync(manager, IamApi.Allow("iam:users:*"), ct);

        var created = await client.NewUserAsync(ct);
        using var deleted = await client.DeleteAsync($"/v3/users/{created.Id}", ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }
}
