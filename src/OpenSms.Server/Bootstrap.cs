using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Storage;

namespace OpenSms.Server;

/// <summary>
/// Runs before the server takes requests: brings the schema up to date, loads revoked tokens and,
/// on an empty database, creates the operator account <c>opensms</c> with its <c>admin</c>.
/// </summary>
public sealed partial class Bootstrap(
    IDatabase db, IAccountStore accounts, RevocationList revoked, TimeProvider clock,
    IOptions<ServerOptions> options, IConfiguration config, ILogger<Bootstrap> log) : IHostedService
{
    public const string OperatorAccount = "opensms";
    public const string DefaultProject = "default";
    public const string AdminUser = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await db.MigrateAsync(cancellationToken);
        await revoked.LoadAsync(cancellationToken);
        if (await accounts.AnyAccountAsync(cancellationToken)) return;

        var password = config["OPENSMS_ADMIN_PASSWORD"];
        var generated = string.IsNullOrEmpty(password);
        if (generated) password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        // Instances starting together on one PostgreSQL race here; the one that loses keeps quiet.
        if (await CreateAccountAsync(accounts, OperatorAccount, password!, clock, cancellationToken) == CreateResult.AlreadyExists) return;
        if (generated)
        {
            var file = Path.Combine(options.Value.DataDirectory, "admin-password.txt");
            SecretFile.Write(file, password + "\n");
            // Printed once, on purpose: the operator needs it to sign in. It is never logged again.
            Console.WriteLine($"OpenSms created account '{OperatorAccount}' with user '{AdminUser}' and password: {password}");
            Console.WriteLine($"(also written to {Path.GetFullPath(file)})");
        }
        LogCreated(log, OperatorAccount, AdminUser);
    }

    public static Task<CreateResult> CreateAccountAsync(IAccountStore accounts, string name, string adminPassword, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var id = Ids.New();
        return accounts.CreateAccountAsync(
            new Account { Id = id, Name = name, CreatedAt = now },
            new Project { Id = Ids.New(), DomainId = id, Name = DefaultProject },
            new User { Id = Ids.New(), DomainId = id, Name = AdminUser, PasswordHash = PasswordHasher.Hash(adminPassword), Enabled = true, IsAdmin = true, CreatedAt = now },
            ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created account {Account} with user {User}")]
    static partial void LogCreated(ILogger logger, string account, string user);
}

public static class Ids
{
    /// <summary>Time-ordered GUIDs, in the 36-character form Huawei's ids take.</summary>
    public static string New() => Guid.CreateVersion7().ToString();
}
