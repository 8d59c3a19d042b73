using System.ComponentModel.DataAnnotations;

namespace OpenSms.Server.Insight;

/// <summary><c>OpenSms:Retention</c>: how long report history is kept, raw and rolled up (docs/insight.md, Retention).</summary>
public sealed class RetentionOptions
{
    public const string Section = "OpenSms:Retention";

    /// <summary>Raw samples younger than this stay as received; older ones become per-minute rollups.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")] public TimeSpan RawSamples { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Rollups of minutes older than this are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "36500.00:00:00")] public TimeSpan Rollups { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Rows per transaction: small enough that the progress writer never waits long behind one.</summary>
    [Range(1, 1_000_000)] public int ChunkRows { get; set; } = 5000;
}
