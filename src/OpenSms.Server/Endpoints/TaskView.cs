using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenSms.Core.Sources;
using OpenSms.Core.Storage;
using OpenSms.Server.Http;
using OpenSms.Server.Insight;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// Writes the task body ShowTask and ListTasks return, straight to the response. The descriptive
/// part is echoed as the client sent it (the task's spec); what OpenSms tracks overrides it in
/// place and the rest follows in <see cref="Fields"/> order; null fields are left out.
/// </summary>
static class TaskView
{
    /// <summary>The fields OpenSms writes, in the order they follow the spec's own.</summary>
    static readonly string[] Fields =
    [
        "id", "name", "type", "os_type", "state", "priority", "speed_limit", "enterprise_project_id", "create_date",
        "start_date", "finish_date", "total_time", "estimate_complete_time", "remain_seconds", "migrate_speed", "compress_rate",
        "error_json", "need_migration_test", "total_cpu_usage", "agent_cpu_usage", "total_mem_usage", "agent_mem_usage",
        "total_disk_io", "agent_disk_io", "subtask_info",
        // Extensions (not in Huawei's ShowTask): the byte counts behind the progress, when the agent last
        // reported, how far its clock was off at its newest report with agent_time, and (docs/insight.md)
        // the estimate with its band, health and bottleneck.
        "replicatesize", "totalsize", "last_report_time", "connected", "agent_clock_skew_seconds", "agent_clock_skew_flagged",
        "eta", "health", "bottleneck",
        "sub_tasks", "source_server", "network_check_info", "special_config", "log_collect_status",
    ];

    /// <summary>One task as ListTasks and ShowTask show it; ConnectedSince is how recent a source's last poll must be for it to count as connected.</summary>
    public readonly record struct Shown(TaskDetail Detail, long ConnectedSince, long Now, TaskInsight? Insight);

    /// <summary>Each of <see cref="Fields"/> by name, looked up by the spec's property names without making strings of them.</summary>
    static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> FieldAt =
        Fields.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public static void Write(Utf8JsonWriter w, in Shown task)
    {
        // The agent's own remain_time stays authoritative; only when it sends none does the estimate fill Huawei's fields.
        var estimated = task.Insight is { } insight && task.Detail.Task.RemainSeconds is null ? insight.Eta.Seconds : null;
        w.WriteStartObject();
        // Which of OpenSms's fields the spec names: those take the spec's place, the rest follow it.
        Span<bool> named = stackalloc bool[Fields.Length];
        var spec = task.Detail.Task.SpecJson;
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(spec.Length));
        try
        {
            EchoSpec(w, bytes.AsSpan(0, Encoding.UTF8.GetBytes(spec, bytes)), named, task, estimated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        for (var i = 0; i < Fields.Length; i++)
            if (!named[i]) WriteField(w, Fields[i], task, estimated);
        w.WriteEndObject();
    }

    /// <summary>The spec's properties in its order, each of OpenSms's fields written in its place; a spec that is not an object adds nothing.</summary>
    static void EchoSpec(Utf8JsonWriter w, ReadOnlySpan<byte> spec, Span<bool> named, in Shown task, long? estimated)
    {
        var reader = new Utf8JsonReader(spec);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
        Span<char> chars = stackalloc char[64];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            var field = name.Length <= chars.Length && FieldAt.TryGetValue(chars[..Encoding.UTF8.GetChars(name, chars)], out var at) ? at : -1;
            reader.Read();
            if (field >= 0)
            {
                named[field] = true;
                if (WriteField(w, Fields[field], task, estimated))
                {
                    reader.Skip();
                    continue;
                }
            }
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (reader.TokenType == JsonTokenType.StartObject && name.SequenceEqual("target_server"u8)) WriteTarget(w, ref reader, spec);
            else Echo(w, name, ref reader, spec);
        }
    }

    // Property names as the client sent them rarely hold escapes; those that do are unescaped once.
    static ReadOnlySpan<byte> Name(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>Writes the property the reader is on the value of, as the spec holds it.</summary>
    static void Echo(Utf8JsonWriter w, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> spec)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        w.WritePropertyName(name);
        w.WriteRawValue(spec[start..(int)reader.BytesConsumed], skipInputValidation: true);
    }

    /// <summary>Writes <paramref name="name"/> if it is OpenSms's to write here (nothing when its value is null); false when the spec's value stands.</summary>
    static bool WriteField(Utf8JsonWriter w, string name, in Shown shown, long? estimated)
    {
        var (detail, insight) = (shown.Detail, shown.Insight);
        var t = detail.Task;
        switch (name)
        {
            case "id": w.WriteString(name, t.Id); return true;
            case "name": w.WriteString(name, t.Name); return true;
            case "type": w.WriteString(name, t.Type); return true;
            case "os_type": w.WriteString(name, t.OsType); return true;
            case "state": w.WriteString(name, t.State); return true;
            case "priority": w.WriteNumber(name, t.Priority); return true;
            case "speed_limit": w.WriteNumber(name, t.SpeedLimit); return true;
            case "enterprise_project_id": w.WriteString(name, t.EnterpriseProjectId); return true;
            case "create_date": w.WriteNumber(name, t.CreateDate); return true;
            case "start_date": w.WriteNumberIfAny(name, t.StartDate); return true;
            case "finish_date": w.WriteNumberIfAny(name, t.FinishDate); return true;
            case "total_time": w.WriteNumberIfAny(name, t.StartDate is { } start ? (t.FinishDate ?? shown.Now) - start : null); return true;
            case "estimate_complete_time": w.WriteNumberIfAny(name, estimated is { } e ? shown.Now + (e * 1000) : t.EstimateCompleteTime); return true;
            case "remain_seconds": w.WriteNumberIfAny(name, estimated ?? t.RemainSeconds); return true;
            case "migrate_speed": w.WriteNumberIfAny(name, t.MigrateSpeed); return true;
            case "compress_rate": w.WriteNumberIfAny(name, t.CompressRate); return true;
            case "error_json": w.WriteString(name, t.ErrorJson ?? ""); return true;
            case "need_migration_test": w.WriteBoolean(name, t.NeedMigrationTest); return true;
            case "total_cpu_usage": w.WriteNumberIfAny(name, t.TotalCpuUsage); return true;
            case "agent_cpu_usage": w.WriteNumberIfAny(name, t.AgentCpuUsage); return true;
            case "total_mem_usage": w.WriteNumberIfAny(name, t.TotalMemUsage); return true;
            case "agent_mem_usage": w.WriteNumberIfAny(name, t.AgentMemUsage); return true;
            case "total_disk_io": w.WriteNumberIfAny(name, t.TotalDiskIo); return true;
            case "agent_disk_io": w.WriteNumberIfAny(name, t.AgentDiskIo); return true;
            case "subtask_info": if (t.SubtaskInfo is { } info) w.WriteString(name, info); return true;
            case "replicatesize": w.WriteNumber(name, t.Replicatesize); return true;
            case "totalsize": w.WriteNumber(name, t.Totalsize); return true;
            case "last_report_time": w.WriteNumberIfAny(name, t.LastReportAt); return true;
            case "connected": w.WriteBoolean(name, detail.Source?.LastVisitTime >= shown.ConnectedSince); return true;
            case "agent_clock_skew_seconds": w.WriteNumberIfAny(name, t.AgentClockSkewSeconds); return true;
            case "agent_clock_skew_flagged": if (t.AgentClockSkewFlagged is { } flagged) w.WriteBoolean(name, flagged); return true;
            case "eta" when insight is not null: WriteEta(w, insight.Eta); return true;
            case "health" when insight is not null: if (insight.Health is { } health) w.WriteString(name, health); return true;
            case "bottleneck" when insight is not null: if (insight.Bottleneck is { } b) w.WriteString(name, b); return true;
            case "sub_tasks": WriteSubtasks(w, detail.Subtasks); return true;
            case "source_server" when detail.Source is { } s: WriteSource(w, s, t); return true;
            case "network_check_info" when t.NetworkCheckInfo is { } check: WriteParsed(w, name, check); return true;
            case "special_config": WriteSpecialConfig(w, t.SpecialConfig); return true;
            case "log_collect_status": w.WriteString(name, t.LogCollectStatus); return true;
            default: return false;
        }
    }

    static void WriteEta(Utf8JsonWriter w, Core.Insight.EtaEstimate eta)
    {
        w.WriteStartObject("eta");
        w.WriteNumberOrNull("seconds", eta.Seconds);
        w.WriteNumberOrNull("p10_seconds", eta.P10Seconds);
        w.WriteNumberOrNull("p90_seconds", eta.P90Seconds);
        w.WriteString("basis", eta.Basis);
        w.WriteEndObject();
    }

    /// <summary>The target as the client sent it, with an empty disk list when it gave none; the reader is on its start.</summary>
    static void WriteTarget(Utf8JsonWriter w, ref Utf8JsonReader reader, ReadOnlySpan<byte> spec)
    {
        w.WriteStartObject("target_server");
        var disks = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            reader.Read();
            if (name.SequenceEqual("disks"u8))
            {
                disks = true;
                if (reader.TokenType == JsonTokenType.Null)
                {
                    w.WriteStartArray("disks");
                    w.WriteEndArray();
                    continue;
                }
            }
            Echo(w, name, ref reader, spec);
        }
        if (!disks)
        {
            w.WriteStartArray("disks");
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void WriteSubtasks(Utf8JsonWriter w, IReadOnlyList<Subtask> subtasks)
    {
        w.WriteStartArray("sub_tasks");
        foreach (var s in subtasks)
        {
            w.WriteStartObject();
            w.WriteNumber("id", s.Id);
            w.WriteString("name", s.Name);
            w.WriteNumber("progress", s.Progress);
            w.WriteNumber("start_date", s.StartDate);
            w.WriteNumberIfAny("end_date", s.EndDate);
            w.WriteNumberIfAny("migrate_speed", s.MigrateSpeed);
            if (s.ProcessTrace is { } trace) w.WriteString("process_trace", trace);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    static void WriteSource(Utf8JsonWriter w, TaskSource s, MigrationTask t)
    {
        w.WriteStartObject("source_server");
        w.WriteString("id", s.Id);
        w.WriteString("ip", s.Ip ?? s.Ipv6 ?? "");
        w.WriteString("name", s.Name);
        w.WriteString("os_type", s.OsType);
        w.WriteString("os_version", s.OsVersion);
        w.WriteString("state", CopyStates.Shown(s, t));
        if (s.MigrationCycle is { } cycle) w.WriteString("migration_cycle", cycle);
        w.WriteEndObject();
    }

    static void WriteParsed(Utf8JsonWriter w, string name, string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind == JsonValueKind.Null) return;
        w.WritePropertyName(name);
        doc.RootElement.WriteTo(w);
    }

    static void WriteSpecialConfig(Utf8JsonWriter w, string? json)
    {
        w.WriteStartArray("special_config");
        foreach (var c in ConfigSettingEndpoints.Parse(json)) JsonSerializer.Serialize(w, c, SurfaceJson.Default.ConfigBody);
        w.WriteEndArray();
    }
}
