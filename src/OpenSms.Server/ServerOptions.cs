using System.ComponentModel.DataAnnotations;
using OpenSms.Core.SpeedLimits;

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

/// <summary>When a run of over-speed reports stops a task (docs/speed-limits.md, Tuning); the defaults are the contract's.</summary>
public sealed class OverSpeedSettings
{
    public const string Section = "OpenSms:OverSpeed";

    /// <summary>How long, on the server's receive times, the speed must stay over before the task is stopped.</summary>
    [Range(0, 86400)] public int SlidingWindowSeconds { get; set; } = 60;

    /// <summary>How many over-speed reports the run needs at least.</summary>
    [Range(1, 100000)] public int MinReports { get; set; } = 3;

    /// <summary>A longer silence between two reports ends a run.</summary>
    [Range(0, 86400)] public int MaxReportGapSeconds { get; set; } = 60;

    /// <summary>How many of a run's newest reports each over-speed event keeps.</summary>
    [Range(1, 10000)] public int MaxSamples { get; set; } = 120;

    public OverSpeedOptions ToOptions() => new()
    {
        SlidingWindow = TimeSpan.FromSeconds(SlidingWindowSeconds),
        MinReports = MinReports,
        MaxReportGap = TimeSpan.FromSeconds(MaxReportGapSeconds),
        MaxSamples = MaxSamples,
    };
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    [RegularExpression("^(sqlite|postgres)$")] public string Provider { get; set; } = "sqlite";

    /// <summary>Defaults to <c>Data Source={DataDirectory}/opensms.db</c> for SQLite.</summary>
    public string? ConnectionString { get; set; }
}
