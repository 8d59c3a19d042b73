using System.ComponentModel.DataAnnotations;

namespace OpenSms.Server;

/// <summary>Configuration (appsettings, environment <c>OpenSms__...</c>, or command line); docs/configuration.md lists it.</summary>
public sealed class ServerOptions
{
    public const string Section = "OpenSms";

    /// <summary>Where the SQLite file, the server key and the generated admin password live.</summary>
    [Required] public string DataDirectory { get; set; } = "data";

    /// <summary>An agent that polled or registered within this many seconds counts as connected.</summary>
    [Range(10, 86400)] public int ConnectedSeconds { get; set; } = 300;

    /// <summary>The region name in resource URNs (<c>sms:&lt;region&gt;:&lt;account&gt;:server:&lt;id&gt;</c>) and the token catalog.</summary>
    [Required] public string Region { get; set; } = "opensms-1";
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    [RegularExpression("^(sqlite|postgres)$")] public string Provider { get; set; } = "sqlite";

    /// <summary>Defaults to <c>Data Source={DataDirectory}/opensms.db</c> for SQLite.</summary>
    public string? ConnectionString { get; set; }
}
