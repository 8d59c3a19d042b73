using System.Net;
using OpenSms.Client;

namespace OpenSms.Cli.Tests;

/// <summary>The typed client against the real server: tokens, AK/SK signing, and errors as exceptions.</summary>
public sealed class ClientTests : IDisposable
{
    readonly CliHost host = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task LoginReturnsATokenTheClientThenUses()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = OpenSmsClient.Create(host.Endpoint);

        var login = await client.LoginAsync("admin", CliHost.AdminPassword, "opensms", "default", ct);

        Assert.Equal(login.Token, client.Token);
        Assert.Equal("opensms", login.Details.Domain.Name);
        Assert.Equal("default", login.Details.Project!.Name);
        Assert.Equal(0, (await client.ListTasksAsync(ct: ct))["count"]!.GetValue<int>());
        Assert.Equal("admin", (await client.ValidateTokenAsync(login.Token, ct)).User.Name);
    }

    [Fact]
    public async Task AWrongPasswordRaisesTheGatewayErrorWithItsRequestId()
    {
        var ct = TestContext.Current.CancellationToken;

        var e = await Assert.ThrowsAsync<OpenSmsApiException>(() => OpenSmsClient.Create(host.Endpoint).LoginAsync("admin", "wrong-password", ct: ct));

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal("APIGW.0301", e.ErrorCode);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
    }

    [Fact]
    public async Task AnUnknownTaskRaisesOpenSmsApiExceptionWith404AndSms9005()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);

        var e = await Assert.ThrowsAsync<OpenSmsApiException>(() => admin.ShowTaskAsync("00000000-0000-4000-8000-000000000000", ct));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("SMS.9005", e.ErrorCode);
        Assert.Contains("does not exist", e.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["00000000-0000-4000-8000-000000000000"], e.ErrorParams);
    }

    [Fact]
    public async Task AnInvalidReportRaises400Sms9001NamingEveryOffendingField()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var (_, task) = await admin.NewTaskAsync(ct);

        var e = await Assert.ThrowsAsync<OpenSmsApiException>(() =>
            admin.ReportProgressAsync(task, TestData.Report("NOT_A_SUBTASK", 101), ct));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("SMS.9001", e.ErrorCode);
        Assert.Contains("progress", e.ErrorParams);
        Assert.Contains("subtask_name", e.ErrorParams);
    }

    [Fact]
    public async Task AnAccessKeyClientSignsRequestsTheServerAccepts()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var adminId = (await admin.ListUsersAsync(ct)).Single(u => u.Name == "admin").Id;
        var key = await admin.CreateCredentialAsync(adminId, "client test", ct);
        var projectId = (await admin.ListProjectsAsync("default", ct))["projects"]![0]!["id"]!.GetValue<string>();
        var signed = OpenSmsClient.WithAccessKey(host.Endpoint, key.Access, key.Secret!, projectId);

        var (_, task) = await signed.NewTaskAsync(ct);
        await signed.ReportProgressAsync(task, TestData.Report("MIGRATE_LINUX_FILE", 30, 300, 1000, speed: 42.5), ct);

        Assert.Equal("RUNNING", await signed.StateAsync(task, ct));
        Assert.Equal("opensms", (await signed.ListDomainsAsync(ct))["domains"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWrongSecretKeyIsRefusedWithApigw0301()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await host.AdminAsync(ct);
        var adminId = (await admin.ListUsersAsync(ct)).Single(u => u.Name == "admin").Id;
        var key = await admin.CreateCredentialAsync(adminId, null, ct);

        var e = await Assert.ThrowsAsync<OpenSmsApiException>(() =>
            OpenSmsClient.WithAccessKey(host.Endpoint, key.Access, new string('x', 40)).ListTasksAsync(ct: ct));

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal("APIGW.0301", e.ErrorCode);
    }
}
