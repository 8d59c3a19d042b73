namespace OpenSms.Core.Insight;

/// <summary>Where an estimate comes from.</summary>
public static class EtaBasis
{
    /// <summary>The byte rate seen between the task's own reports.</summary>
    public const string ObservedRate = "observed_rate";
    /// <summary>Too few reports yet: the agent's migrate_speed of its newest report.</summary>
    public const string AgentSpeed = "agent_speed";
    public const string InsufficientData = "insufficient_data";
}

/// <summary>
/// Seconds until the data is across: the best guess and an 80 % band. A null means no finish is in
/// sight at that end of the band (nothing moves) or nothing is known.
/// </summary>
public sealed record EtaEstimate(long? Seconds, long? P10Seconds, long? P90Seconds, string Basis)
{
    public static readonly EtaEstimate Unknown = new(null, null, null, EtaBasis.InsufficientData);
}
