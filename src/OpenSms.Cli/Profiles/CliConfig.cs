using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenSms.Cli.Profiles;

/// <summary>
/// The config file: named profiles and which one is current. Default location
/// <c>~/.config/opensms/config.json</c> (or <c>$XDG_CONFIG_HOME/opensms/config.json</c>).
/// </summary>
sealed record CliConfig
{
    public string? CurrentProfile { get; init; }
    public Dictionary<string, Profile> Profiles { get; init; } = [];

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static string DefaultPath()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(root, "opensms", "config.json");
    }

    public static CliConfig Load(string path)
    {
        if (!File.Exists(path)) return new CliConfig();
        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), Json) ?? new CliConfig();
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is not a valid config file: {e.Message}");
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // It holds tokens and secret keys: created owner-only before anything is written to it.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        JsonSerializer.Serialize(stream, this, Json);
    }

    public CliConfig With(string name, Profile profile)
    {
        var profiles = new Dictionary<string, Profile>(Profiles) { [name] = profile };
        return this with { Profiles = profiles, CurrentProfile = name };
    }
}
