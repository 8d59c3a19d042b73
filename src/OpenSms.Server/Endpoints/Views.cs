using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSms.Core.Sources;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// Builds the source bodies Huawei clients read (tasks: <see cref="TaskView"/>). The descriptive part is echoed exactly
/// as the client sent it; what OpenSms tracks overrides it.
/// </summary>
public static class Views
{
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
