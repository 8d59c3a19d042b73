using System.ComponentModel.DataAnnotations;

namespace OpenSms.Server.Metrics;

/// <summary><c>OpenSms:Metrics</c> (docs/configuration.md).</summary>
public sealed class MetricsOptions
{
    public const string Section = "OpenSms:Metrics";

    /// <summary>Serves <c>GET /metrics</c>; off, the route does not exist and no instrument is collected.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When set, a scrape must send <c>Authorization: Bearer &lt;token&gt;</c>; unset, /metrics is open like /healthz.</summary>
    public string? Token { get; set; }

    /// <summary>The task counts by state and health are recounted at most this often, however often Prometheus scrapes.</summary>
    [Range(1, 3600)] public int CensusSeconds { get; set; } = 15;
}
