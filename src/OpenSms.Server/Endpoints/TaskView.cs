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
    /// <summary>
    /// The fields OpenSms writes, in the order they follow the spec's own; each is written under its
    /// name in snake case (<see cref="Names"/>).
    /// </summary>
    enum Field
    {
        Id, Name, Type, OsType, State, Priority, SpeedLimit, EnterpriseProjectId, CreateDate,
        StartDate, FinishDate, TotalTime, EstimateCompleteTime, RemainSeconds, MigrateSpeed, CompressRate,
        ErrorJson, NeedMigrationTest, TotalCpuUsage, AgentCpuUsage, TotalMemUsage, AgentMemUsage,
        TotalDiskIo, AgentDiskIo, SubtaskInfo,
        // Extensions (not in Huawei's ShowTask): the byte counts behind the progress, when the agent last
        // reported, how far its clock was off at its newest report with agent_time, and (docs/insight.md)
        // the estimate with its band, health and bottleneck.
        Replicatesize, Totalsize, LastReportTime, Connected, AgentClockSkewSeconds, AgentClockSkewFlagged,
        Eta, Health, Bottleneck,
        SubTasks, SourceServer, NetworkCheckInfo, SpecialConfig, LogCollectStatus,
    }

    static readonly Field[] Fields = Enum.GetValues<Field>();

    /// <summary>
    /// Each field's name, escaped and encoded once: a page writes some 4,500 of them, and a name
    /// given as a string is checked for escapes and transcoded every time.
    /// </summary>
    static readonly JsonEncodedText[] Names = [.. Fields.Select(f => JsonEncodedText.Encode(JsonNamingPolicy.SnakeCaseLower.ConvertName(f.ToString())))];

    /// <summary>One task as ListTasks and ShowTask show it; ConnectedSince is how recent a source's last poll must be for it to count as connected.</summary>
    public readonly record struct Shown(TaskDetail Detail, long ConnectedSince, long Now, TaskInsight? Insight);

    /// <summary>Each of <see cref="Fields"/> by name, looked up by the spec's property names without making strings of them.</summary>
    static readonly Dictionary<string, Field>.AlternateLookup<ReadOnlySpan<char>> FieldAt =
        Fields.ToDictionary(f => Names[(int)f].Value, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

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
        foreach (var field in Fields)
            if (!named[(int)field]) WriteField(w, field, task, estimated);
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
            Field? known = name.Length <= chars.Length && FieldAt.TryGetValue(chars[..Encoding.UTF8.GetChars(name, chars)], out var at) ? at : null;
            reader.Read();
            if (known is { } field)
            {
                named[(int)field] = true;
                if (WriteField(w, field, task, estimated))
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

    /// <summary>Writes <paramref name="field"/> if it is OpenSms's to write here (nothing when its value is null); false when the spec's value stands.</summary>
    static bool WriteField(Utf8JsonWriter w, Field field, in Shown shown, long? estimated)
    {
        var (detail, insight) = (shown.Detail, shown.Insight);
        var t = detail.Task;
        var name = Names[(int)field];
        switch (field)
        {
            case Field.Id: w.WriteString(name, t.Id); return true;
            case Field.Name: w.WriteString(name, t.Name); return true;
            case Field.Type: w.WriteString(name, t.Type); return true;
            case Field.OsType: w.WriteString(name, t.OsType); return true;
            case Field.State: w.WriteString(name, t.State); return true;
            case Field.Priority: w.WriteNumber(name, t.Priority); return true;
            case Field.SpeedLimit: w.WriteNumber(name, t.SpeedLimit); return true;
            case Field.EnterpriseProjectId: w.WriteString(name, t.EnterpriseProjectId); return true;
            case Field.CreateDate: w.WriteNumber(name, t.CreateDate); return true;
            case Field.StartDate: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.StartDate); return true;
            case Field.FinishDate: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.FinishDate); return true;
            case Field.TotalTime: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.StartDate is { } start ? (t.FinishDate ?? shown.Now) - start : null); return true;
            case Field.EstimateCompleteTime: w.WriteNumberIfAny(name.EncodedUtf8Bytes, estimated is { } e ? shown.Now + (e * 1000) : t.EstimateCompleteTime); return true;
            case Field.RemainSeconds: w.WriteNumberIfAny(name.EncodedUtf8Bytes, estimated ?? t.RemainSeconds); return true;
            case Field.MigrateSpeed: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.MigrateSpeed); return true;
            case Field.CompressRate: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.CompressRate); return true;
            case Field.ErrorJson: w.WriteString(name, t.ErrorJson ?? ""); return true;
            case Field.NeedMigrationTest: w.WriteBoolean(name, t.NeedMigrationTest); return true;
            case Field.TotalCpuUsage: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.TotalCpuUsage); return true;
            case Field.AgentCpuUsage: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.AgentCpuUsage); return true;
            case Field.TotalMemUsage: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.TotalMemUsage); return true;
            case Field.AgentMemUsage: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.AgentMemUsage); return true;
            case Field.TotalDiskIo: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.TotalDiskIo); return true;
            case Field.AgentDiskIo: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.AgentDiskIo); return true;
            case Field.SubtaskInfo: if (t.SubtaskInfo is { } info) w.WriteString(name, info); return true;
            case Field.Replicatesize: w.WriteNumber(name, t.Replicatesize); return true;
            case Field.Totalsize: w.WriteNumber(name, t.Totalsize); return true;
            case Field.LastReportTime: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.LastReportAt); return true;
            case Field.Connected: w.WriteBoolean(name, detail.Source?.LastVisitTime >= shown.ConnectedSince); return true;
            case Field.AgentClockSkewSeconds: w.WriteNumberIfAny(name.EncodedUtf8Bytes, t.AgentClockSkewSeconds); return true;
            case Field.AgentClockSkewFlagged: if (t.AgentClockSkewFlagged is { } flagged) w.WriteBoolean(name, flagged); return true;
            case Field.Eta when insight is not null: WriteEta(w, insight.Eta); return true;
            case Field.Health when insight is not null: if (insight.Health is { } health) w.WriteString(name, health); return true;
            case Field.Bottleneck when insight is not null: if (insight.Bottleneck is { } b) w.WriteString(name, b); return true;
            case Field.SubTasks: WriteSubtasks(w, detail.Subtasks); return true;
            case Field.SourceServer when detail.Source is { } s: WriteSource(w, s, t); return true;
            case Field.NetworkCheckInfo when t.NetworkCheckInfo is { } check: WriteParsed(w, name, check); return true;
            case Field.SpecialConfig: WriteSpecialConfig(w, t.SpecialConfig); return true;
            case Field.LogCollectStatus: w.WriteString(name, t.LogCollectStatus); return true;
            default: return false;
        }
    }

    static void WriteEta(Utf8JsonWriter w, Core.Insight.EtaEstimate eta)
    {
        w.WriteStartObject("eta"u8);
        w.WriteNumberOrNull("seconds"u8, eta.Seconds);
        w.WriteNumberOrNull("p10_seconds"u8, eta.P10Seconds);
        w.WriteNumberOrNull("p90_seconds"u8, eta.P90Seconds);
        w.WriteString("basis"u8, eta.Basis);
        w.WriteEndObject();
    }

    /// <summary>The target as the client sent it, with an empty disk list when it gave none; the reader is on its start.</summary>
    static void WriteTarget(Utf8JsonWriter w, ref Utf8JsonReader reader, ReadOnlySpan<byte> spec)
    {
        w.WriteStartObject("target_server"u8);
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
                    w.WriteStartArray("disks"u8);
                    w.WriteEndArray();
                    continue;
                }
            }
            Echo(w, name, ref reader, spec);
        }
        if (!disks)
        {
            w.WriteStartArray("disks"u8);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void WriteSubtasks(Utf8JsonWriter w, IReadOnlyList<Subtask> subtasks)
    {
        w.WriteStartArray("sub_tasks"u8);
        foreach (var s in subtasks)
        {
            w.WriteStartObject();
            w.WriteNumber("id"u8, s.Id);
            w.WriteString("name"u8, s.Name);
            w.WriteNumber("progress"u8, s.Progress);
            w.WriteNumber("start_date"u8, s.StartDate);
            w.WriteNumberIfAny("end_date"u8, s.EndDate);
            w.WriteNumberIfAny("migrate_speed"u8, s.MigrateSpeed);
            if (s.ProcessTrace is { } trace) w.WriteString("process_trace"u8, trace);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    static void WriteSource(Utf8JsonWriter w, TaskSource s, MigrationTask t)
    {
        w.WriteStartObject("source_server"u8);
        w.WriteString("id"u8, s.Id);
        w.WriteString("ip"u8, s.Ip ?? s.Ipv6 ?? "");
        w.WriteString("name"u8, s.Name);
        w.WriteString("os_type"u8, s.OsType);
        w.WriteString("os_version"u8, s.OsVersion);
        w.WriteString("state"u8, CopyStates.Shown(s, t));
        if (s.MigrationCycle is { } cycle) w.WriteString("migration_cycle"u8, cycle);
        w.WriteEndObject();
    }

    static void WriteParsed(Utf8JsonWriter w, JsonEncodedText name, string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind == JsonValueKind.Null) return;
        w.WritePropertyName(name);
        doc.RootElement.WriteTo(w);
    }

    static void WriteSpecialConfig(Utf8JsonWriter w, string? json)
    {
        w.WriteStartArray("special_config"u8);
        foreach (var c in ConfigSettingEndpoints.Parse(json)) JsonSerializer.Serialize(w, c, SurfaceJson.Default.ConfigBody);
        w.WriteEndArray();
    }
}
