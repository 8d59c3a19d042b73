using System.CommandLine;
using OpenSms.Cli.Output;
using OpenSms.Cli.Profiles;

namespace OpenSms.Cli.Commands;

/// <summary><c>login</c> and <c>logout</c>: put a token or an access key into a profile, or take it out.</summary>
static class LoginCommands
{
    public static IEnumerable<Command> Create(CliContext cli)
    {
        var auth = new AuthOptions();
        var login = new Command("login", "Sign in and save the endpoint and token (or access key) in a profile");
        auth.AddTo(login);
        cli.Handle(login, async (p, ct) =>
        {
            var path = cli.ConfigFile(p);
            var config = CliConfig.Load(path);
            var name = p.GetValue(cli.ProfileName) ?? config.CurrentProfile ?? "default";
            var endpoint = cli.EndpointOf(p, config.Profiles.GetValueOrDefault(name));
            var (client, signedIn) = await auth.SignInAsync(p, endpoint, ct);
            Profile profile;
            if (signedIn is { } s)
            {
                profile = new Profile
                {
                    Endpoint = endpoint.AbsoluteUri.TrimEnd('/'), Token = s.Token, TokenExpiresAt = s.Details.ExpiresAt,
                    Account = s.Details.Domain.Name, User = s.Details.User.Name, Project = s.Details.Project?.Name,
                };
                await cli.Console.Out.WriteLineAsync(
                    $"Signed in to {endpoint} as {s.Details.User.Name} in account {s.Details.Domain.Name}; the token is valid until {s.Details.ExpiresAt}.");
            }
            else
            {
                // Proves the key works before it is saved; also tells which account it belongs to.
                var domains = await client.ListDomainsAsync(ct);
                var account = domains.Items("domains").FirstOrDefault().Str("name");
                profile = new Profile
                {
                    Endpoint = endpoint.AbsoluteUri.TrimEnd('/'), AccessKey = p.GetValue(auth.AccessKey), SecretKey = auth.SecretKeyOf(p),
                    ProjectId = p.GetValue(auth.ProjectId), Account = account,
                };
                await cli.Console.Out.WriteLineAsync($"Access key {profile.AccessKey} works on {endpoint} (account {account}).");
            }
            config.With(name, profile).Save(path);
            await cli.Console.Out.WriteLineAsync($"Saved as profile '{name}' in {path}.");
            return 0;
        });

        var logout = new Command("logout", "Revoke the profile's token and forget it");
        cli.Handle(logout, async (p, ct) =>
        {
            var path = cli.ConfigFile(p);
            var config = CliConfig.Load(path);
            var (name, profile) = cli.CurrentProfile(p);
            if (profile.Token is { } token)
            {
                var client = cli.Connect(p);
                await client.RevokeTokenAsync(token, ct);
            }
            config.With(name, profile with { Token = null, TokenExpiresAt = null, AccessKey = null, SecretKey = null }).Save(path);
            await cli.Console.Out.WriteLineAsync($"Signed out of profile '{name}'.");
            return 0;
        });
        return [login, logout];
    }
}
