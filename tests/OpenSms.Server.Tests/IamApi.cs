using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>The IAM calls tests make, named as the API calls they are.</summary>
public static class IamApi
{
    /// <summary>Policy JSON written with single quotes, which test tables read more easily.</summary>
    public static string Json(string singleQuoted) => singleQuoted.Replace('\'', '"');

    /// <summary>A 5.0 document allowing the actions (comma-separated) on every resource.</summary>
    public static string Allow(string actions) =>
        $"{{'Version':'5.0','Statement':[{{'Effect':'Allow','Action':[{string.Join(",", actions.Split(',').Select(a => $"'{a}'"))}]}}]}}";

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response, CancellationToken ct) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;

    public static Task<HttpResponseMessage> CreateUserAsync(this HttpClient client, JsonObject user, CancellationToken ct) =>
        client.PostAsJsonAsync("/v3/users", new JsonObject { ["user"] = user }, ct);

    public static async Task<TestUser> NewUserAsync(this HttpClient client, CancellationToken ct, bool enabled = true)
    {
        var user = new TestUser("", IamHost.UniqueName("user"), "Pass-" + Guid.NewGuid().ToString("N")[..12]);
        using var created = await client.CreateUserAsync(
            new JsonObject { ["name"] = user.Name, ["password"] = user.Password, ["enabled"] = enabled }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return user with { Id = (await created.JsonAsync(ct))["user"]!["id"]!.GetValue<string>() };
    }

    public static Task<HttpResponseMessage> CreatePolicyAsync(this HttpClient client, string document, CancellationToken ct, string? name = null) =>
        client.PostAsJsonAsync("/v5/policies",
            new JsonObject { ["policy_name"] = name ?? IamHost.UniqueName("policy"), ["policy_document"] = document, ["description"] = "test" }, ct);

    public static async Task<string> NewPolicyAsync(this HttpClient client, string singleQuotedDocument, CancellationToken ct)
    {
        using var created = await client.CreatePolicyAsync(Json(singleQuotedDocument), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync(ct))["policy"]!["policy_id"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> AttachAsync(this HttpClient client, string policyId, string userId, CancellationToken ct) =>
        client.PostAsJsonAsync($"/v5/policies/{policyId}/attach-user", new JsonObject { ["user_id"] = userId }, ct);

    public static Task<HttpResponseMessage> DetachAsync(this HttpClient client, string policyId, string userId, CancellationToken ct) =>
        client.PostAsJsonAsync($"/v5/policies/{policyId}/detach-user", new JsonObject { ["user_id"] = userId }, ct);

    public static Task<HttpResponseMessage> CreateKeyAsync(this HttpClient client, string userId, CancellationToken ct) =>
        client.PostAsJsonAsync("/v3.0/OS-CREDENTIAL/credentials",
            new JsonObject { ["credential"] = new JsonObject { ["user_id"] = userId, ["description"] = "test key" } }, ct);

    public static async Task<AccessKeyPair> NewKeyAsync(this HttpClient client, string userId, CancellationToken ct)
    {
        using var created = await client.CreateKeyAsync(userId, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var credential = (await created.JsonAsync(ct))["credential"]!;
        return new AccessKeyPair(credential["access"]!.GetValue<string>(), credential["secret"]!.GetValue<string>());
    }

    public static Task<HttpResponseMessage> DecodeAsync(this HttpClient client, string encoded, CancellationToken ct) =>
        client.PostAsJsonAsync("/v5/authorization-messages/decode", new JsonObject { ["encoded_authorization_message"] = encoded }, ct);

    /// <summary>A password sign-in, answered as it is (201 with a token, or the gateway's 401).</summary>
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string account, string user, string password, CancellationToken ct) =>
        client.PostAsJsonAsync("/v3/auth/tokens", new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject
                    {
                        ["user"] = new JsonObject { ["name"] = user, ["password"] = password, ["domain"] = new JsonObject { ["name"] = account } },
                    },
                },
            },
        }, ct);

    /// <summary>Asserts a 403 SMS.9004 for the action on the resource, with the seed's body, and returns it.</summary>
    public static async Task<JsonObject> AssertDeniedAsync(this HttpResponseMessage response, string action, string resource, CancellationToken ct)
    {
        var body = await response.SmsErrorAsync(HttpStatusCode.Forbidden, "SMS.9004", ct);
        var reason = $"You do not have permission to perform action {action} on resource {resource}.";
        Assert.Equal("The current account does not have the permission to execute policy. " + reason, body["error_msg"]!.GetValue<string>());
        Assert.Equal([reason], body.ErrorParams());
        var detail = Assert.Single(body["details"]!.AsArray())!;
        Assert.Equal("SMS.9004", detail["error_code"]!.GetValue<string>());
        Assert.Equal(reason, detail["error_msg"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["encoded_authorization_message"]?.GetValue<string>()));
        return body;
    }
}
