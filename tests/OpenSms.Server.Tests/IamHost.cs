using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>An IAM user a test created, with the password it signs in with.</summary>
public sealed record TestUser(string Id, string Name, string Password);

/// <summary>
/// One host per test class, signed in as the operator's administrator. Tests share the host but
/// never data: each creates its own users, policies, keys, sources and tasks.
/// </summary>
public sealed class IamHost : IAsyncLifetime
{
    public const string Region = "opensms-1";

    public OpenSmsApp App { get; } = new();
    public HttpClient Admin { get; private set; } = null!;
    public string AccountId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Admin = await App.AdminClientAsync(ct);
        AccountId = (await Admin.GetJsonAsync("/v3/auth/domains", ct))["domains"]![0]!["id"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        await App.DisposeAsync();
    }

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The URN a task or source is authorized as: its source server's.</summary>
    public string ServerUrn(string sourceId) => $"sms:{Region}:{AccountId}:server:{sourceId}";

    public Task<TestUser> NewUserAsync(CancellationToken ct, bool enabled = true) => Admin.NewUserAsync(ct, enabled);

    public Task<HttpClient> SignInAsync(TestUser user, CancellationToken ct) =>
        App.SignedInClientAsync("opensms", user.Name, user.Password, ct);

    public async Task<(TestUser User, HttpClient Client)> NewSignedInUserAsync(CancellationToken ct)
    {
        var user = await NewUserAsync(ct);
        return (user, await SignInAsync(user, ct));
    }

    /// <summary>Creates a policy from single-quoted JSON, attaches it to the user and returns its id.</summary>
    public async Task<string> GrantAsync(TestUser user, string singleQuotedDocument, CancellationToken ct)
    {
        var policyId = await Admin.NewPolicyAsync(singleQuotedDocument, ct);
        using var attached = await Admin.AttachAsync(policyId, user.Id, ct);
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        return policyId;
    }

    /// <summary>Registers a source in the given enterprise project and creates a READY task for it.</summary>
    public async Task<(string TaskId, string SourceId)> NewTaskAsync(CancellationToken ct, string? enterpriseProjectId = null)
    {
        var name = UniqueName("web");
        var source = Api.SourceBody(name);
        if (enterpriseProjectId is not null) source["enterprise_project_id"] = enterpriseProjectId;
        using var registered = await Admin.PostAsJsonAsync("/v3/sources", source, ct);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var sourceId = (await registered.JsonAsync(ct))["id"]!.GetValue<string>();
        return (await Admin.CreateTaskAsync(sourceId, ct, name + "-migration"), sourceId);
    }

    /// <summary>A second account (tenant) created by the operator, and a client signed in as its administrator.</summary>
    public async Task<(string AccountId, HttpClient Admin)> NewAccountAsync(CancellationToken ct)
    {
        var name = UniqueName("tenant");
        using var created = await Admin.PostAsJsonAsync("/v3/opensms/accounts",
            new JsonObject { ["name"] = name, ["admin_password"] = OpenSmsApp.AdminPassword }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync(ct))["account"]!["id"]!.GetValue<string>();
        return (id, await App.SignedInClientAsync(name, "admin", OpenSmsApp.AdminPassword, ct));
    }
}
