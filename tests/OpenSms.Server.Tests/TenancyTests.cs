using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>A second account's administrator sees none of the first account's users, policies, keys or tasks.</summary>
public sealed class TenancyTests(IamHost host) : IClassFixture<IamHost>
{
    sealed record FirstAccountData(TestUser User, string PolicyId, AccessKeyPair Key, string TaskId, string SourceId);

    async Task<FirstAccountData> FirstAccountDataAsync(CancellationToken ct)
    {
        var user = await host.NewUserAsync(ct);
        var policyId = await host.GrantAsync(user, IamApi.Allow("sms:server:listTask"), ct);
        var key = await host.Admin.NewKeyAsync(user.Id, ct);
        var (taskId, sourceId) = await host.NewTaskAsync(ct);
        return new FirstAccountData(user, policyId, key, taskId, sourceId);
    }

    [Fact]
    public async Task AnotherAccountsUsersPoliciesAndKeysAreNotInTheLists()
    {
        var ct = TestContext.Current.CancellationToken;
        var mine = await FirstAccountDataAsync(ct);
        var (_, other) = await host.NewAccountAsync(ct);
        using var _ = other;

        var users = (await other.GetJsonAsync("/v3/users", ct))["users"]!.AsArray();
        var policies = (await other.GetJsonAsync("/v5/policies", ct))["policies"]!.AsArray();
        var keys = (await other.GetJsonAsync("/v3.0/OS-CREDENTIAL/credentials", ct))["credentials"]!.AsArray();
        var tasks = (await other.GetJsonAsync("/v3/tasks", ct))["tasks"]!.AsArray();

        Assert.Equal(["admin"], users.Select(u => u!["name"]!.GetValue<string>()));
        Assert.Empty(policies);
        Assert.Empty(keys);
        Assert.Empty(tasks);
        Assert.DoesNotContain(mine.User.Id, users.Select(u => u!["id"]!.GetValue<string>()));
    }

    public static TheoryData<string, string> ById => new()
    {
        { "GET", "/v3/users/{user}" }, { "DELETE", "/v3/users/{user}" },
        { "GET", "/v5/policies/{policy}" }, { "DELETE", "/v5/policies/{policy}" },
        { "DELETE", "/v3.0/OS-CREDENTIAL/credentials/{access}" },
        { "GET", "/v3/tasks/{task}" }, { "GET", "/v3/sources/{source}" },
    };

    [Theory]
    [MemberData(nameof(ById))]
    public async Task AnotherAccountsIdsAre404NotForbidden(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var mine = await FirstAccountDataAsync(ct);
        var (_, other) = await host.NewAccountAsync(ct);
        using var _ = other;
        var target = path.Replace("{user}", mine.User.Id, StringComparison.Ordinal).Replace("{policy}", mine.PolicyId, StringComparison.Ordinal)
            .Replace("{access}", mine.Key.Access, StringComparison.Ordinal).Replace("{task}", mine.TaskId, StringComparison.Ordinal)
            .Replace("{source}", mine.SourceId, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), target);

        using var response = await other.SendAsync(request, ct);

        await response.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        Assert.Equal(mine.User.Name, (await host.Admin.GetJsonAsync($"/v3/users/{mine.User.Id}", ct))["user"]!["name"]!.GetValue<string>());
        using var client = host.App.CreateClient();
        using var stillWorks = await client.SendSignedAsync(mine.Key, HttpMethod.Get, "/v3/tasks", null, ct);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task AnotherAccountCannotAttachItsPolicyToOurUserNorOurPolicyToItsUser()
    {
        var ct = TestContext.Current.CancellationToken;
        var mine = await FirstAccountDataAsync(ct);
        var (_, other) = await host.NewAccountAsync(ct);
        using var _ = other;
        var theirPolicy = await other.NewPolicyAsync(IamApi.Allow("sms:*:*"), ct);
        var theirUser = await other.NewUserAsync(ct);

        using var ourUser = await other.AttachAsync(theirPolicy, mine.User.Id, ct);
        using var ourPolicy = await other.AttachAsync(mine.PolicyId, theirUser.Id, ct);

        Assert.Equal([mine.User.Id], (await ourUser.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct)).ErrorParams());
        Assert.Equal([mine.PolicyId], (await ourPolicy.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct)).ErrorParams());
    }

    [Fact]
    public async Task AnotherAccountCannotCreateAKeyForOurUser()
    {
        var ct = TestContext.Current.CancellationToken;
        var mine = await FirstAccountDataAsync(ct);
        var (_, other) = await host.NewAccountAsync(ct);
        using var _ = other;

        using var response = await other.PostAsJsonAsync("/v3.0/OS-CREDENTIAL/credentials",
            new JsonObject { ["credential"] = new JsonObject { ["user_id"] = mine.User.Id } }, ct);

        await response.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }
}
