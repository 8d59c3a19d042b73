namespace OpenSms.Core.SpeedLimits;

/// <summary>
/// Decides from each progress report whether a task has been over its speed limit long enough to
/// stop it. A single fast sample never stops a task: the speed must stay over for the whole sliding
/// window, on at least the minimum number of reports.
/// </summary>
public static class OverSpeedDetector
{
    /// <summary>Feed every progress report of one task, in order, with the state the previous call returned.</summary>
    public static (OverSpeedState State, OverSpeedVerdict Verdict) Observe(OverSpeedState state, SpeedObservation report,
        SpeedSchedule schedule, TaskSpeedDefault taskDefault, OverSpeedOptions? options = null)
    {
        options ??= OverSpeedOptions.Default;
        var inForce = ScheduleResolver.ForReport(schedule, report.ReceivedAt, report.AgentTime, taskDefault);
        // A report without a speed proves nothing, and unlimited time cannot be over: either ends a
        // run, because the rule is that every report in the window was over.
        var over = inForce.IsOver(report.MigrateSpeed);

        // Out-of-order arrival is judged but leaves the run alone; the run is timed on receive order.
        if (state.LastReportAt is { } last && report.ReceivedAt < last)
            return (state, new(inForce, over, null, null));

        OverSpeedEpisode? ended = null;
        var run = state;
        if (run.RunReports > 0 && (!over || report.ReceivedAt - run.Samples[^1].At > options.MaxReportGap))
        {
            ended = Close(run, stopped: false);
            run = OverSpeedState.Empty;
        }
        if (!over)
            return (OverSpeedState.Empty with { LastReportAt = report.ReceivedAt }, new(inForce, false, ended, null));

        // The skew goes with the evidence: a window chosen by a wrong agent clock explains many a stop.
        var skew = report.AgentTime is { } agent ? ClockSkew.Measure(agent, report.ReceivedAt, schedule).Seconds : (double?)null;
        var sample = new OverSpeedSample(report.ReceivedAt, report.AgentTime?.Local, report.MigrateSpeed!.Value,
            inForce.LimitMbps, inForce.OverSpeedThreshold, inForce.WindowIndex, skew);
        var samples = run.Samples.Count < options.MaxSamples
            ? [.. run.Samples, sample]
            : run.Samples.Skip(run.Samples.Count - options.MaxSamples + 1).Append(sample).ToList();
        run = new OverSpeedState
        {
            LastReportAt = report.ReceivedAt,
            RunStartedAt = run.RunStartedAt ?? report.ReceivedAt,
            RunReports = run.RunReports + 1,
            PeakMbps = Math.Max(run.PeakMbps, sample.SpeedMbps),
            Window = schedule.Windows.FirstOrDefault(w => w.Index == inForce.WindowIndex),
            Samples = samples,
        };

        if (run.RunReports >= options.MinReports && report.ReceivedAt - run.RunStartedAt >= options.SlidingWindow)
            return (OverSpeedState.Empty with { LastReportAt = report.ReceivedAt }, new(inForce, true, ended, Close(run, stopped: true)));
        return (run, new(inForce, true, ended, null));
    }

    static OverSpeedEpisode Close(OverSpeedState run, bool stopped)
    {
        var newest = run.Samples[^1];
        return new(run.RunStartedAt!.Value, newest.At, stopped, run.Window, newest.LimitMbps, newest.OverSpeedThreshold,
            run.RunReports, run.PeakMbps, run.Samples);
    }
}
