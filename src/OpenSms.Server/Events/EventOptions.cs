using System.ComponentModel.DataAnnotations;

namespace OpenSms.Server.Events;

/// <summary>The live event stream's settings (docs/events.md, Settings).</summary>
public sealed class EventOptions
{
    public const string Section = "OpenSms:Events";

    /// <summary>How long events stay readable for replay (Last-Event-ID) and webhooks.</summary>
    [Range(60, 30 * 86400)] public int RetentionSeconds { get; set; } = 24 * 3600;

    /// <summary>How often the cluster-wide job deletes events older than the retention.</summary>
    [Range(1, 86400)] public int PruneIntervalSeconds { get; set; } = 600;

    /// <summary>How often the cluster-wide job assesses active tasks' health and announces changes.</summary>
    [Range(1, 86400)] public int HealthIntervalSeconds { get; set; } = 30;

    /// <summary>The comment a quiet stream sends so proxies and clients know it is alive.</summary>
    [Range(1, 3600)] public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>
    /// How often the hub reads the log even when nobody said new events committed: a safety net
    /// for a lost signal, not the way events normally arrive.
    /// </summary>
    [Range(1, 3600)] public int PollSeconds { get; set; } = 2;

    /// <summary>Events a subscriber may fall behind by before it is dropped (it reconnects with Last-Event-ID).</summary>
    [Range(16, 1_000_000)] public int SubscriberBuffer { get; set; } = 4096;
}
