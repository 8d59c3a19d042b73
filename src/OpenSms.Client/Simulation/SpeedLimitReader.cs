using System.Net;
using OpenSms.Core.SpeedLimits;

namespace OpenSms.Client.Simulation;

/// <summary>
/// Knows which speed limit is in force for one task, reading the windows with the same Core code
/// the server judges reports by. Re-reads them every few ticks so a change takes effect soon.
/// </summary>
sealed class SpeedLimitReader(OpenSmsClient client, string taskId, TimeProvider clock)
{
    const int RefreshEveryTicks = 6;

    SpeedSchedule schedule = SpeedSchedule.Empty;
    TaskSpeedDefault taskDefault = TaskSpeedDefault.None;
    int ticksSinceRefresh = RefreshEveryTicks;

    public async Task<SpeedLimitInForce> InForceAsync(CancellationToken ct)
    {
        if (++ticksSinceRefresh >= RefreshEveryTicks)
        {
            await RefreshAsync(ct);
            ticksSinceRefresh = 0;
        }
        // The agent's own wall clock decides, as for the agent_time it reports.
        return ScheduleResolver.AtLocal(schedule, clock.GetLocalNow().DateTime, taskDefault);
    }

    async Task RefreshAsync(CancellationToken ct)
    {
        var task = await client.ShowTaskAsync(taskId, ct);
        taskDefault = new TaskSpeedDefault(
            task["speed_limit"]?.GetValue<int>() ?? 0,
            task["over_speed_threshold"]?.GetValue<double>() ?? SpeedScheduleValidator.DefaultThreshold);
        try
        {
            var body = await client.GetSpeedLimitAsync(taskId, ct);
            schedule = SpeedScheduleValidator.Validate(body).Value ?? SpeedSchedule.Empty;
        }
        catch (OpenSmsApiException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "SMS.9005")
        {
            // A server without the speed-limit API (the route is unknown, not the task): no windows.
            schedule = SpeedSchedule.Empty;
        }
    }
}
