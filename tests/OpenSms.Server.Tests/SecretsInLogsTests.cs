using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenSms.Server.Tests;

/// <summary>Passwords, secret keys, tokens and channel keys never reach the log, at any level, nor responses other than the one that hands them out.</summary>
public sealed class SecretsInLogsTests
{
    /// <summary>Every message (with its exception and scope values) every logger of the host writes.</summary>
    sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose() { }

        sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {values} {exception}");
            }
        }
    }

    [Fact]
    public async Task SignInUserAndKeyCreationSignedCallsAndChannelSecretsLeaveNoSecretInTheLog()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturingLoggerProvider();
        using var host = new OpenSmsApp();
        using var app = host.WithWebHostBuilder(b =>
        {
            b.UseSetting("Logging:LogLevel:Default", "Trace");
            b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs));
        });
        var secrets = new List<string> { OpenSmsApp.AdminPassword };

        using var admin = app.CreateClient();
        var adminToken = await OpenSmsApp.TokenAsync(admin, "opensms", "admin", OpenSmsApp.AdminPassword, ct);
        admin.DefaultRequestHeaders.Add("X-Auth-Token", adminToken);
        secrets.Add(adminToken);
        using (var wrong = await admin.SignInAsync("opensms", "admin", "Wrong-guess-77", ct)) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        secrets.Add("Wrong-guess-77");
        using (var tenant = await admin.PostAsJsonAsync("/v3/opensms/accounts", new JsonObject { ["name"] = Kit.Unique("t"), ["admin_password"] = "Tenant-secret-42" }, ct))
            Assert.Equal(HttpStatusCode.Created, tenant.StatusCode);
        secrets.Add("Tenant-secret-42");

        var user = await admin.NewUserAsync(ct);
        secrets.Add(user.Password);
        using (var signIn = app.CreateClient()) secrets.Add(await OpenSmsApp.TokenAsync(signIn, "opensms", user.Name, user.Password, ct));
        var key = await admin.NewKeyAsync(user.Id, ct);
        secrets.Add(key.Secret);
        var taskId = await admin.NewTaskAsync(ct);
        using (var signed = app.CreateClient())
        {
            using var withKey = await signed.SendSignedAsync(key, HttpMethod.Get, "/v3/tasks", null, ct);
            using var badSignature = await signed.SendSignedAsync(key with { Secret = new string('y', 40) }, HttpMethod.Get, "/v3/tasks", null, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, badSignature.StatusCode);
        }
        var certKey = await admin.GetJsonAsync($"/v3/tasks/{taskId}/certkey?enable_ca_cert=true", ct);
        secrets.AddRange(certKey.Where(p => p.Key.Contains("private_key", StringComparison.Ordinal) && p.Value is not null)
            .Select(p => Body(p.Value!.GetValue<string>())));
        secrets.Add((await admin.GetJsonAsync($"/v3/tasks/{taskId}/passphrase", ct))["passphrase"]!.GetValue<string>());
        var shown = (await admin.GetJsonAsync("/v3/users", ct)).ToJsonString() + (await admin.GetJsonAsync("/v3.0/OS-CREDENTIAL/credentials", ct)).ToJsonString();

        Assert.True(secrets.Count >= 10 && secrets.All(s => s.Length >= 8), string.Join(", ", secrets.Select(s => s.Length)));
        Assert.NotEmpty(logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        }
    }

    /// <summary>The base64 inside a PEM block, which is what must not leak even if the armour lines would.</summary>
    static string Body(string pem) => string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim()))[..48];
}
