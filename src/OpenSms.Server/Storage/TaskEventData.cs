using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenSms.Core.SpeedLimits;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Http;

namespace OpenSms.Server.Storage;

/// <summary>
/// The events a write causes and their data objects (docs/events.md), shared by both providers'
/// stores so the two write the same JSON. Every object starts with "task_id" and "time" (epoch ms).
/// </summary>
public static class TaskEventData
{
    /// <summary>What one accepted report announces: its progress, a state change, and any over-speed run it ended.</summary>
    public static void ForReport(List<NewTaskEvent> into, ProgressReport r, string previousState, OverSpeedOutcome outcome)
    {
        into.Add(new NewTaskEvent(r.DomainId, r.TaskId, EventTypes.Progress, r.ReceivedAt,
            Progress(r.TaskId, r.ReceivedAt, r.SubtaskName, r.Progress, r.Replicatesize, r.Totalsize, r.MigrateSpeed, r.RemainTime)));
        BeyondProgress(into, r, previousState, outcome);
    }

    /// <summary>What a report announces besides its progress, for a store whose log reads the progress from the sample.</summary>
    public static void BeyondProgress(List<NewTaskEvent> into, ProgressReport r, string previousState, OverSpeedOutcome outcome)
    {
        foreach (var e in outcome.Events()) into.Add(OverSpeed(r.DomainId, r.TaskId, r.ReceivedAt, e));
        if (outcome.Next != previousState) into.Add(State(r.DomainId, r.TaskId, r.ReceivedAt, outcome.Next, previousState));
    }

    /// <summary>A progress event's data, from the report or from the sample that stored it.</summary>
    public static string Progress(string taskId, long at, string subtaskName, long progress, long replicatesize, long totalsize, double? migrateSpeed, long? remainSeconds) =>
        Write(taskId, at, w =>
        {
            w.WriteString("subtask_name"u8, subtaskName);
            w.WriteNumber("progress"u8, progress);
            w.WriteNumber("replicatesize"u8, replicatesize);
            w.WriteNumber("totalsize"u8, totalsize);
            w.WriteNumberOrNull("migrate_speed"u8, migrateSpeed);
            w.WriteNumberOrNull("remain_seconds"u8, remainSeconds);
        });

    /// <summary>A state change; a new task's first state has no previous one (null).</summary>
    public static NewTaskEvent State(string domainId, string taskId, long at, string state, string? previousState) =>
        new(domainId, taskId, EventTypes.State, at, Write(taskId, at, w =>
        {
            w.WriteString("state"u8, state);
            if (previousState is null) w.WriteNull("previous_state"u8);
            else w.WriteString("previous_state"u8, previousState);
        }));

    public static NewTaskEvent OverSpeed(string domainId, string taskId, long at, OverSpeedEpisode e) =>
        new(domainId, taskId, EventTypes.OverSpeed, at, Write(taskId, at, w =>
        {
            w.WriteBoolean("stopped"u8, e.Stopped);
            w.WriteNumber("limit_mbps"u8, e.LimitMbps);
            w.WriteNumber("peak_mbps"u8, e.PeakMbps);
            w.WriteNumber("over_speed_threshold"u8, e.OverSpeedThreshold);
            w.WriteNumber("report_count"u8, e.ReportCount);
            w.WriteNumber("started_at"u8, e.StartedAt.ToUnixTimeMilliseconds());
            w.WriteNumber("ended_at"u8, e.EndedAt.ToUnixTimeMilliseconds());
        }));

    public static NewTaskEvent Health(string domainId, string taskId, long at, string health, string? bottleneck, string? previousHealth) =>
        new(domainId, taskId, EventTypes.Health, at, Write(taskId, at, w =>
        {
            w.WriteString("health"u8, health);
            w.WriteString("bottleneck"u8, bottleneck);
            w.WriteString("previous_health"u8, previousHealth);
        }));

    // Every accepted report writes one of these on the writer's thread: the buffer and the writer
    // are kept per thread and reset, not allocated per event.
    [ThreadStatic] static ArrayBufferWriter<byte>? buffer;
    [ThreadStatic] static Utf8JsonWriter? writer;

    const int KeptBufferBytes = 16 * 1024;

    static string Write(string taskId, long at, Action<Utf8JsonWriter> fields)
    {
        var written = buffer ??= new ArrayBufferWriter<byte>(256);
        written.ResetWrittenCount();
        var w = writer ??= new Utf8JsonWriter(written);
        w.Reset(written);
        try
        {
            w.WriteStartObject();
            w.WriteString("task_id"u8, taskId);
            w.WriteNumber("time"u8, at);
            fields(w);
            w.WriteEndObject();
            w.Flush();
            return Encoding.UTF8.GetString(written.WrittenSpan);
        }
        finally
        {
            // One oversized event must not keep its buffer on the thread. Utf8JsonWriter asks for at
            // least 4 KiB whenever it needs room, so every buffer grows past that on its first event:
            // a limit at 4 KiB dropped the buffer after every event, most of what a report allocated.
            if (written.Capacity > KeptBufferBytes) buffer = null;
        }
    }
}
