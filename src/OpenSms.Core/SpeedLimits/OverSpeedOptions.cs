namespace OpenSms.Core.SpeedLimits;

/// <summary>When a run of over-speed reports stops a task. The defaults are the contract's.</summary>
public sealed record OverSpeedOptions
{
    public static readonly OverSpeedOptions Default = new();

    /// <summary>How long the speed must stay over, measured on the server's receive times.</summary>
    public TimeSpan SlidingWindow
    {
        get;
        init => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(SlidingWindow));
    } = TimeSpan.FromSeconds(60);

    /// <summary>How many over reports the run needs, so two far-apart samples are never enough.</summary>
    public int MinReports
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinReports));
    } = 3;

    /// <summary>
    /// A silence longer than this ends a run: nothing is known about the speed in between, and the
    /// rule is that the speed stayed over for the whole window.
    /// </summary>
    public TimeSpan MaxReportGap
    {
        get;
        init => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(MaxReportGap));
    } = TimeSpan.FromSeconds(60);

    /// <summary>How many of a run's newest reports are kept as evidence; older ones are dropped.</summary>
    public int MaxSamples
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxSamples));
    } = 120;
}
