using System.CommandLine;
using OpenSms.Cli.Profiles;
using OpenSms.Client;

namespace OpenSms.Cli;

/// <summary>
/// What every verb shares: the console, the global options (<c>--config</c>, <c>--profile</c>,
/// <c>--endpoint</c>, <c>--json</c>), the way to a connected client, and one error policy.
/// </summary>
sealed class CliContext(CliConsole console)
{
    public const string DefaultEndpoint = "http://127.0.0.1:8090";

    public CliConsole Console => console;

    public Option<string?> ConfigPath { get; } = new("--config")
    {
        Description = "The config file (default ~/.config/opensms/config.json, or $OPENSMS_CONFIG)", Recursive = true,
    };

    public Option<string?> ProfileName { get; } = new("--profile")
    {
        Description = "The profile to use (default: the one `login` saved last)", Recursive = true,
    };

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "The server, e.g. http://127.0.0.1:8090 (overrides the profile's)", Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON instead of a table", Recursive = true };

    public string ConfigFile(ParseResult p) =>
        p.GetValue(ConfigPath) ?? (Environment.GetEnvironmentVariable("OPENSMS_CONFIG") is { Length: > 0 } env ? env : CliConfig.DefaultPath());

    public (string Name, Profile Profile) CurrentProfile(ParseResult p)
    {
        var config = CliConfig.Load(ConfigFile(p));
        var name = p.GetValue(ProfileName) ?? config.CurrentProfile ?? "default";
        return (name, config.Profiles.GetValueOrDefault(name) ?? new Profile());
    }

    public Uri EndpointOf(ParseResult p, Profile? profile = null) =>
        ParseEndpoint(p.GetValue(Endpoint) ?? profile?.Endpoint ?? DefaultEndpoint);

    public static Uri ParseEndpoint(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliException($"'{text}' is not an http(s) URL.");

    /// <summary>A client for the current profile: AK/SK signing when it has a key, else its token.</summary>
    public OpenSmsClient Connect(ParseResult p)
    {
        var (name, profile) = CurrentProfile(p);
        var endpoint = EndpointOf(p, profile);
        if (profile is { AccessKey: { } ak, SecretKey: { } sk })
            return OpenSmsClient.WithAccessKey(endpoint, ak, sk, profile.ProjectId);
        if (profile.Token is null)
            throw new CliException($"Profile '{name}' is not signed in. Run `opensms login` first.");
        return new OpenSmsClient(new HttpClient { BaseAddress = endpoint }) { Token = profile.Token };
    }

    /// <summary>Sets the verb's action, turning the failures a user can act on into one line on stderr.</summary>
    public void Handle(Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (p, ct) =>
        {
            try
            {
                return await action(p, ct);
            }
            catch (OpenSmsApiException e)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}{(e.RequestId is null ? "" : $" (request {e.RequestId})")}");
                if (e.ErrorParams.Count > 0) await console.Error.WriteLineAsync($"  fields: {string.Join(", ", e.ErrorParams)}");
                if (e.EncodedAuthorizationMessage is { } encoded)
                    await console.Error.WriteLineAsync($"  an administrator can see why with: opensms decode-message {encoded}");
                return 1;
            }
            catch (HttpRequestException e)
            {
                await console.Error.WriteLineAsync($"error: cannot reach the server: {e.Message}");
                return 1;
            }
            catch (CliException e)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
        });
}
