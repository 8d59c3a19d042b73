using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSms.Core.Sources;
using OpenSms.Core.Storage;
using OpenSms.Server.Insight;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// Builds the task and source bodies Huawei clients read. The descriptive part is echoed exactly
/// as the client sent it; what OpenSms tracks overrides it.
/// </summary>
public static class Views
{
    public static JsonObject Task(TaskDetail detail, long connectedSince, long now, TaskInsight? insight = null)
    {
        var t = detail.Task;
        var o = Parse(t.SpecJson);
        o["id"] = t.Id;
        o["name"] = t.Name;
        o["type"] = t.Type;
        o["os_type"] = t.OsType;
        o["state"] = t.State;
        o["priority"] = t.Priority;
        o["speed_limit"] = t.SpeedLimit;
        o["enterprise_project_id"] = t.EnterpriseProjectId;
        o["create_date"] = t.CreateDate;
        o["start_date"] = t.StartDate;
        o["finish_date"] = t.FinishDate;
        o["total_time"] = t.StartDate is { } start ? (t.FinishDate ?? now) - start : null;
        o["estimate_complete_time"] = t.EstimateCompleteTime;
        o["remain_seconds"] = t.RemainSeconds;
        o["migrate_speed"] = t.MigrateSpeed;
        o["compress_rate"] = t.CompressRate;
        o["error_json"] = t.ErrorJson ?? "";
        o["need_migration_test"] = t.NeedMigrationTest;
        o["total_cpu_usage"] = t.TotalCpuUsage;
        o["agent_cpu_usage"] = t.AgentCpuUsage;
        o["total_mem_usage"] = t.TotalMemUsage;
        o["agent_mem_usage"] = t.AgentMemUsage;
        o["total_disk_io"] = t.TotalDiskIo;
        o["agent_disk_io"] = t.AgentDiskIo;
        o["subtask_info"] = t.SubtaskInfo;
        // Extensions (not in Huawei's ShowTask): the byte counts behind the progress, and when the agent last reported.
        o["replicatesize"] = t.Replicatesize;
        o["totalsize"] = t.Totalsize;
        o["last_report_time"] = t.LastReportAt;
        o["connected"] = detail.Source?.LastVisitTime >= connectedSince;
        // Extensions: how far the agent's clock was off at its newest report with agent_time.
        o["agent_clock_skew_seconds"] = t.AgentClockSkewSeconds;
        o["agent_clock_skew_flagged"] = t.AgentClockSkewFlagged;
        if (insight is not null) AddInsight(o, t, insight, now);
        if (o["target_server"] is JsonObject target) target["disks"] ??= new JsonArray();
        o["sub_tasks"] = new JsonArray(detail.Subtasks.Select(SubtaskJson).ToArray<JsonNode?>());
        if (detail.Source is { } s)
        {
            o["source_server"] = new JsonObject
            {
                ["id"] = s.Id, ["ip"] = s.Ip ?? s.Ipv6 ?? "", ["name"] = s.Name, ["os_type"] = s.OsType,
                ["os_version"] = s.OsVersion, ["state"] = SourceStates.Derive(s.State, t.State),
            };
        }
        SurfaceViews.ApplyTask(o, detail);
        return WithoutNulls(o);
    }

    // Extensions (docs/insight.md): the estimate with its band, health and bottleneck. The agent's own
    // remain_time stays authoritative; only when it sends none does the estimate fill Huawei's fields.
    static void AddInsight(JsonObject o, MigrationTask t, TaskInsight insight, long now)
    {
        var eta = insight.Eta;
        o["eta"] = new JsonObject
        {
            ["seconds"] = eta.Seconds, ["p10_seconds"] = eta.P10Seconds, ["p90_seconds"] = eta.P90Seconds, ["basis"] = eta.Basis,
        };
        o["health"] = insight.Health;
        o["bottleneck"] = insight.Bottleneck;
        if (t.RemainSeconds is null && eta.Seconds is { } seconds)
        {
            o["remain_seconds"] = seconds;
            o["estimate_complete_time"] = now + (seconds * 1000);
        }
    }

    static JsonObject SubtaskJson(Subtask s) => WithoutNulls(new JsonObject
    {
        ["id"] = s.Id, ["name"] = s.Name, ["progress"] = s.Progress, ["start_date"] = s.StartDate,
        ["end_date"] = s.EndDate, ["migrate_speed"] = s.MigrateSpeed, ["process_trace"] = s.ProcessTrace,
    });

    public static JsonObject Source(SourceWithTask row, long connectedSince)
    {
        var s = row.Source;
        var o = Parse(s.RegistrationJson);
        o["id"] = s.Id;
        o["name"] = s.Name;
        o["ip"] = s.Ip;
        o["ipv6"] = s.Ipv6;
        o["os_type"] = s.OsType;
        o["os_version"] = s.OsVersion;
        o["hostname"] = s.Hostname;
        o["agent_version"] = s.AgentVersion;
        o["enterprise_project_id"] = s.EnterpriseProjectId;
        o["add_date"] = s.AddDate;
        o["last_visit_time"] = s.LastVisitTime;
        o["connected"] = s.LastVisitTime >= connectedSince;
        o["state"] = SourceStates.Derive(s.State, row.Task?.State);
        if (row.Task is { } t)
        {
            o["replicatesize"] = t.Replicatesize;
            o["totalsize"] = t.Totalsize;
            o["current_task"] = WithoutNulls(new JsonObject
            {
                ["id"] = t.Id, ["name"] = t.Name, ["type"] = t.Type, ["state"] = t.State, ["start_date"] = t.StartDate,
                ["speed_limit"] = t.SpeedLimit, ["migrate_speed"] = t.MigrateSpeed, ["compress_rate"] = t.CompressRate,
                ["estimate_complete_time"] = t.EstimateCompleteTime, ["remain_seconds"] = t.RemainSeconds,
                ["subtask_info"] = t.SubtaskInfo,
            });
        }
        SurfaceViews.ApplySource(o, row);
        return WithoutNulls(o);
    }

    static JsonObject Parse(string json) =>
        JsonNode.Parse(json) as JsonObject ?? [];

    static JsonObject WithoutNulls(JsonObject o)
    {
        foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList()) o.Remove(key);
        return o;
    }

    /// <summary>The request body as an object minus the fields OpenSms keeps in columns.</summary>
    public static string Spec(ReadOnlyMemory<byte> raw, IEnumerable<string> columnFields, JsonObject? merge = null)
    {
        var o = merge ?? (JsonNode.Parse(raw.Span) as JsonObject ?? []);
        if (merge is not null && JsonNode.Parse(raw.Span) is JsonObject update)
        {
            foreach (var (key, value) in update)
            {
                // An object such as target_server is updated field by field: sending its disks keeps its vm_id.
                if (o[key] is JsonObject current && value is JsonObject fields)
                    foreach (var (field, fieldValue) in fields) current[field] = fieldValue?.DeepClone();
                else o[key] = value?.DeepClone();
            }
        }
        foreach (var f in columnFields) o.Remove(f);
        return o.ToJsonString(JsonSerializerOptions.Default);
    }

    public static JsonObject ParseSpec(string json) => Parse(json);

    /// <summary>The spec with <paramref name="flag"/> set to true.</summary>
    public static string WithFlag(string json, string flag)
    {
        var o = Parse(json);
        o[flag] = true;
        return o.ToJsonString(JsonSerializerOptions.Default);
    }
}
