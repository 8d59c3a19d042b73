using System.Net;
using Microsoft.Data.Sqlite;

namespace OpenSms.Server.Tests;

/// <summary>An access key's secret is shown once and stored encrypted; passwords are stored as slow hashes.</summary>
public sealed class SecretsAtRestTests(IamHost host) : IClassFixture<IamHost>
{
    string ReadOnlyDatabase => $"Data Source={Path.Combine(host.App.DataDirectory, "opensms.db")};Mode=ReadOnly;Pooling=False";

    async Task<string?> ScalarAsync(string sql, string parameter, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(ReadOnlyDatabase);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        return (string?)await command.ExecuteScalarAsync(ct);
    }

    [Fact]
    public async Task TheSecretIsReturnedOnCreateAndNeverByTheList()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);
        using var created = await host.Admin.CreateKeyAsync(user.Id, ct);

        var credential = (await created.JsonAsync(ct))["credential"]!;
        using var listed = await host.Admin.GetAsync($"/v3.0/OS-CREDENTIAL/credentials?user_id={user.Id}", ct);
        var listText = await listed.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(40, credential["secret"]!.GetValue<string>().Length);
        Assert.Equal(user.Id, credential["user_id"]!.GetValue<string>());
        Assert.Equal("active", credential["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(credential["create_time"]!.GetValue<string>()));
        Assert.Contains(credential["access"]!.GetValue<string>(), listText, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", listText, StringComparison.Ordinal);
        Assert.DoesNotContain(credential["secret"]!.GetValue<string>(), listText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStoredSecretIsNotThePlaintext()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);
        var key = await host.Admin.NewKeyAsync(user.Id, ct);

        var stored = await ScalarAsync("SELECT secret_enc FROM access_keys WHERE access = $p", key.Access, ct);

        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(key.Secret, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStoredPasswordIsASlowHashNotThePlaintext()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);

        var stored = await ScalarAsync("SELECT password_hash FROM users WHERE id = $p", user.Id, ct);

        Assert.StartsWith("pbkdf2-sha256$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Password, stored!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AThirdKeyForOneUserIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await host.NewUserAsync(ct);
        await host.Admin.NewKeyAsync(user.Id, ct);
        await host.Admin.NewKeyAsync(user.Id, ct);

        using var third = await host.Admin.CreateKeyAsync(user.Id, ct);

        await third.SmsErrorAsync(HttpStatusCode.Conflict, "SMS.9006", ct);
    }
}
