using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>POST|GET /v5/policies, GET|DELETE /v5/policies/{id}, attach-user and detach-user.</summary>
public sealed class PolicyApiTests(IamHost host) : IClassFixture<IamHost>
{
    const string Document = "{'Version':'5.0','Statement':[{'Effect':'Allow','Action':['sms:server:updateTaskProgress']}]}";

    [Fact]
    public async Task CreatingAPolicyAnswers201WithItsIdNameVersionV1AndNoAttachments()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = IamHost.UniqueName("reporter");

        using var response = await host.Admin.CreatePolicyAsync(IamApi.Json(Document), ct, name);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var policy = (await response.JsonAsync(ct))["policy"]!;
        Assert.False(string.IsNullOrEmpty(policy["policy_id"]!.GetValue<string>()));
        Assert.Equal(name, policy["policy_name"]!.GetValue<string>());
        Assert.Equal("v1", policy["default_version_id"]!.GetValue<string>());
        Assert.Equal(0, policy["attachment_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ACreatedPolicyIsListedAndShownWithItsDocument()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Admin.NewPolicyAsync(Document, ct);

        var list = await host.Admin.GetJsonAsync("/v5/policies", ct);
        var shown = (await host.Admin.GetJsonAsync($"/v5/policies/{id}", ct))["policy"]!;

        Assert.Contains(list["policies"]!.AsArray(), p => p!["policy_id"]!.GetValue<string>() == id);
        Assert.Equal(id, shown["policy_id"]!.GetValue<string>());
        Assert.Equal(IamApi.Json(Document), shown["policy_document"]!.GetValue<string>());
    }

    [Fact]
    public async Task AttachAndDetachAnswerEmptyObjectsAndChangeTheAttachmentCount()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Admin.NewPolicyAsync(Document, ct);
        var user = await host.NewUserAsync(ct);

        using var attached = await host.Admin.AttachAsync(id, user.Id, ct);
        var countAttached = (await host.Admin.GetJsonAsync($"/v5/policies/{id}", ct))["policy"]!["attachment_count"]!.GetValue<int>();
        using var detached = await host.Admin.DetachAsync(id, user.Id, ct);
        var countDetached = (await host.Admin.GetJsonAsync($"/v5/policies/{id}", ct))["policy"]!["attachment_count"]!.GetValue<int>();

        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Equal("{}", await attached.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, detached.StatusCode);
        Assert.Equal("{}", await detached.Content.ReadAsStringAsync(ct));
        Assert.Equal(1, countAttached);
        Assert.Equal(0, countDetached);
    }

    [Fact]
    public async Task AnAttachedPolicyCannotBeDeletedUntilDetached()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);
        var id = await host.GrantAsync(user, Document, ct);

        using var refused = await host.Admin.DeleteAsync($"/v5/policies/{id}", ct);
        (await host.Admin.DetachAsync(id, user.Id, ct)).Dispose();
        using var deleted = await host.Admin.DeleteAsync($"/v5/policies/{id}", ct);
        using var shown = await host.Admin.GetAsync($"/v5/policies/{id}", ct);

        await refused.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await shown.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Theory]
    [InlineData("attach-user", "unknown-policy", false)]
    [InlineData("attach-user", "known-policy", true)]
    [InlineData("detach-user", "unknown-policy", false)]
    [InlineData("detach-user", "known-policy", true)]
    public async Task AnUnknownPolicyOrUserIsA404(string verb, string policy, bool unknownUser)
    {
        var ct = TestContext.Current.CancellationToken;
        var policyId = policy == "known-policy" ? await host.Admin.NewPolicyAsync(Document, ct) : "no-such-policy";
        var userId = unknownUser ? "no-such-user" : (await host.NewUserAsync(ct)).Id;

        using var response = verb == "attach-user"
            ? await host.Admin.AttachAsync(policyId, userId, ct)
            : await host.Admin.DetachAsync(policyId, userId, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
        Assert.Equal([unknownUser ? userId : policyId], error.ErrorParams());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task AnUnknownPolicyIdIsA404(string method)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(new HttpMethod(method), "/v5/policies/no-such-policy");

        using var response = await host.Admin.SendAsync(request, ct);

        await response.SmsErrorAsync(HttpStatusCode.NotFound, "SMS.9005", ct);
    }

    [Fact]
    public async Task ASecondPolicyWithTheSameNameIsAConflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = IamHost.UniqueName("same");
        (await host.Admin.CreatePolicyAsync(IamApi.Json(Document), ct, name)).Dispose();

        using var response = await host.Admin.CreatePolicyAsync(IamApi.Json(Document), ct, name);

        await response.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
    }

    [Fact]
    public async Task AUserWithoutPoliciesIsDeniedCreatingPolicies()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;

        using var response = await client.CreatePolicyAsync(IamApi.Json(Document), ct);

        await response.AssertDeniedAsync("iam:policies:create", "*", ct);
    }

    [Fact]
    public async Task AMissingNameAndDocumentAreNamedTogether()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Admin.PostAsync("/v5/policies", Api.RawJson(new JsonObject { ["description"] = "x" }.ToJsonString()), ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9001", ct);
        Assert.Equal(["policy_name", "policy_document"], error.ErrorParams());
    }
}
