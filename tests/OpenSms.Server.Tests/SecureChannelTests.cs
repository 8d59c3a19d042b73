using Dapper;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server.Tests;

/// <summary>ShowCertKey and ShowPassphrase: a CA and certificates per task, issued once, sealed at rest, behind their own actions.</summary>
public sealed class SecureChannelTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    [Fact]
    public async Task TheCertificateIsSignedByTheTasksCaAndMatchesItsKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        var body = await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/certkey?enable_ca_cert=true", ct);

        using var ca = X509Certificate2.CreateFromPem(body["ca"].Text());
        foreach (var (cert, key) in new[] { ("cert", "private_key"), ("target_mgmt_cert", "target_mgmt_private_key"), ("target_data_cert", "target_data_private_key") })
        {
            using var leaf = X509Certificate2.CreateFromPem(body[cert].Text(), body[key].Text());
            Assert.True(leaf.HasPrivateKey);
            Assert.Contains(taskId, leaf.Subject, StringComparison.Ordinal);
            Assert.Equal(ca.Subject, leaf.Issuer);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(leaf), $"{cert} chains to the task's CA");
        }
        Assert.NotEqual(body["cert"].Text(), body["target_mgmt_cert"].Text());
    }

    [Fact]
    public async Task WithoutEnableCaCertOnlyTheAgentsPairIsReturned()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        var body = await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/certkey", ct);

        Assert.Equal(["cert", "private_key"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", body["cert"].Text(), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", body["private_key"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMaterialIsIssuedOnceAndReturnedTheSameEveryTime()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/certkey?enable_ca_cert=true", ct)));
        var passphrase = await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/passphrase", ct);

        var later = await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/certkey?enable_ca_cert=true", ct);

        Assert.All(concurrent, c => Assert.True(JsonNode.DeepEquals(later, c)));
        Assert.Equal(taskId, passphrase["task_id"].Text());
        Assert.Equal(32, passphrase["passphrase"].Text().Length);
        Assert.Equal(passphrase["passphrase"].Text(), (await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/passphrase", ct))["passphrase"].Text());
    }

    [Fact]
    public async Task TasksHaveCasOfTheirOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await host.Admin.NewTaskAsync(ct, "web-a");
        var second = await host.Admin.NewTaskAsync(ct, "web-b");

        var a = await host.Admin.GetJsonAsync($"/v3/tasks/{first}/certkey?enable_ca_cert=true", ct);
        var b = await host.Admin.GetJsonAsync($"/v3/tasks/{second}/certkey?enable_ca_cert=true", ct);

        Assert.NotEqual(a["ca"].Text(), b["ca"].Text());
        Assert.NotEqual(a["private_key"].Text(), b["private_key"].Text());
    }

    [Fact]
    public async Task NoKeyOrPassphraseIsStoredInTheClear()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var body = await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/certkey?enable_ca_cert=true", ct);
        var passphrase = (await host.Admin.GetJsonAsync($"/v3/tasks/{taskId}/passphrase", ct))["passphrase"].Text();

        await using var c = await host.App.Services.GetRequiredService<SqliteDb>().OpenAsync(ct);
        var stored = await c.ExecuteScalarAsync<string>("SELECT material_enc FROM task_secrets WHERE task_id = @taskId", new { taskId });

        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(passphrase, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(body["private_key"].Text()[30..60], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherAccountsOrAnUnknownTaskIsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        var theirs = await host.Other.NewTaskAsync(ct, "other-web");

        foreach (var path in new[] { $"/v3/tasks/{theirs}/certkey", $"/v3/tasks/{theirs}/passphrase", $"/v3/tasks/{Guid.NewGuid()}/certkey" })
        {
            using var response = await host.Admin.GetAsync(path, ct);
            await response.NotFoundAsync(ct);
        }
    }

    [Fact]
    public async Task AnInvalidEnableCaCertIsNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.GetAsync($"/v3/tasks/{taskId}/certkey?enable_ca_cert=maybe", ct);

        await response.InvalidAsync(ct, "enable_ca_cert");
    }

    [Fact]
    public async Task AUserNeedsTheCertAndPassphraseActionsToReadThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        using var reader = await UserWithPolicyAsync("task-reader", ["sms:server:getTask"], ct);
        using var agent = await UserWithPolicyAsync("cert-reader", ["sms:server:getCert", "sms:server:getTaskPassphrase"], ct);

        using var refusedCert = await reader.GetAsync($"/v3/tasks/{taskId}/certkey", ct);
        using var refusedPassphrase = await reader.GetAsync($"/v3/tasks/{taskId}/passphrase", ct);
        using var allowedCert = await agent.GetAsync($"/v3/tasks/{taskId}/certkey", ct);
        using var allowedPassphrase = await agent.GetAsync($"/v3/tasks/{taskId}/passphrase", ct);

        var error = await refusedCert.SmsErrorAsync(HttpStatusCode.Forbidden, "SMS.9004", ct);
        Assert.Contains("sms:server:getCert", error["error_msg"].Text(), StringComparison.Ordinal);
        await refusedPassphrase.SmsErrorAsync(HttpStatusCode.Forbidden, "SMS.9004", ct);
        await allowedCert.OkJsonAsync(ct);
        await allowedPassphrase.OkJsonAsync(ct);
    }

    /// <summary>An IAM user of the operator account with one identity policy allowing <paramref name="actions"/>.</summary>
    async Task<HttpClient> UserWithPolicyAsync(string name, string[] actions, CancellationToken ct)
    {
        const string password = "User-pass-1234";
        var user = new JsonObject { ["user"] = new JsonObject { ["name"] = name, ["password"] = password, ["enabled"] = true } };
        using var created = await host.Admin.PostAsJsonAsync("/v3/users", user, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var userId = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["user"]!["id"].Text();
        var document = new JsonObject
        {
            ["Version"] = "5.0",
            ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = new JsonArray(actions.Select(a => (JsonNode?)a).ToArray()) }),
        };
        var policy = new JsonObject { ["policy_name"] = name + "-policy", ["policy_document"] = document.ToJsonString() };
        using var policyCreated = await host.Admin.PostAsJsonAsync("/v5/policies", policy, ct);
        Assert.Equal(HttpStatusCode.Created, policyCreated.StatusCode);
        var policyId = (await policyCreated.Content.ReadFromJsonAsync<JsonObject>(ct))!["policy"]!["policy_id"].Text();
        using var attached = await host.Admin.PostAsJsonAsync($"/v5/policies/{policyId}/attach-user", new JsonObject { ["user_id"] = userId }, ct);
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        return await host.App.SignedInClientAsync("opensms", name, password, ct);
    }
}
