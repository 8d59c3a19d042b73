using System.ComponentModel.DataAnnotations;

namespace OpenSms.Server.Webhooks;

/// <summary><c>OpenSms:Webhooks</c>: how deliveries are paced and retried (docs/webhooks.md).</summary>
public sealed class WebhookOptions
{
    public const string Section = "OpenSms:Webhooks";

    /// <summary>How often the worker looks for new events.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A receiver that has not answered within this is a failed try.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")] public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tries per event, the first included; after the last failed one the event is skipped (logged as gave_up).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed try; it doubles after each further one …</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")] public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>… up to this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")] public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many webhooks are delivered to at once.</summary>
    [Range(1, 256)] public int Parallelism { get; set; } = 8;

    /// <summary>How long the delivery log keeps a try.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")] public TimeSpan DeliveryLog { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan Backoff(int failedAttempts)
    {
        var ms = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
    }
}
