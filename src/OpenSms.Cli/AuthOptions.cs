using System.CommandLine;
using OpenSms.Client;

namespace OpenSms.Cli;

/// <summary>How to sign in, for the verbs that take credentials (<c>login</c>, <c>conformance</c>): a password or an access key.</summary>
sealed class AuthOptions
{
    public Option<string?> User { get; } = new("--user") { Description = "IAM user name (default admin)" };
    public Option<string?> Password { get; } = new("--password") { Description = "The user's password (or $OPENSMS_PASSWORD)" };
    public Option<string?> Account { get; } = new("--account") { Description = "Account (domain) name (default: the server's operator account)" };
    public Option<string?> Project { get; } = new("--project") { Description = "Project to scope the token to (default: default)" };
    public Option<string?> AccessKey { get; } = new("--ak") { Description = "Access key id, to sign requests instead of using a token" };
    public Option<string?> SecretKey { get; } = new("--sk") { Description = "Secret access key (or $OPENSMS_SK)" };
    public Option<string?> ProjectId { get; } = new("--project-id") { Description = "Sent as X-Project-Id with signed requests" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { User, Password, Account, Project, AccessKey, SecretKey, ProjectId }) command.Add(option);
    }

    public bool UsesAccessKey(ParseResult p) => p.GetValue(AccessKey) is not null;

    public bool HasCredentials(ParseResult p) => UsesAccessKey(p) || p.GetValue(Password) is not null || Env("OPENSMS_PASSWORD") is not null;

    public string SecretKeyOf(ParseResult p) =>
        p.GetValue(SecretKey) ?? Env("OPENSMS_SK") ?? throw new CliException("--ak needs --sk (or $OPENSMS_SK).");

    public string PasswordOf(ParseResult p) =>
        p.GetValue(Password) ?? Env("OPENSMS_PASSWORD") ?? throw new CliException("Give --password (or set $OPENSMS_PASSWORD).");

    /// <summary>A client signed in with these options: an AK/SK-signing one, or one holding a fresh token.</summary>
    public async Task<(OpenSmsClient Client, LoginResult? Login)> SignInAsync(ParseResult p, Uri endpoint, CancellationToken ct)
    {
        if (p.GetValue(AccessKey) is { } ak)
            return (OpenSmsClient.WithAccessKey(endpoint, ak, SecretKeyOf(p), p.GetValue(ProjectId)), null);
        var client = OpenSmsClient.Create(endpoint);
        var login = await client.LoginAsync(p.GetValue(User) ?? "admin", PasswordOf(p), p.GetValue(Account), p.GetValue(Project) ?? "default", ct);
        return (client, login);
    }

    static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
