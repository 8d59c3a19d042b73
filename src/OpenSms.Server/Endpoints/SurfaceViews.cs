using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSms.Core.Sources;
using OpenSms.Core.Storage;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// The task and source fields of the surface beyond progress, added to what <see cref="Views"/>
/// builds: network check, special configuration, log collection, copy state, project, disk ids.
/// </summary>
static class SurfaceViews
{
    public static void ApplyTask(JsonObject o, TaskDetail detail)
    {
        var t = detail.Task;
        if (t.NetworkCheckInfo is { } info) o["network_check_info"] = JsonNode.Parse(info);
        o["special_config"] = new JsonArray(ConfigSettingEndpoints.Parse(t.SpecialConfig)
            .Select(c => JsonSerializer.SerializeToNode(c, SurfaceJson.Default.ConfigBody)).ToArray());
        o["log_collect_status"] = t.LogCollectStatus;
        if (detail.Source is { } s && o["source_server"] is JsonObject source)
        {
            source["state"] = CopyStates.Shown(s, t);
            if (MigrationCycle(s) is { } cycle) source["migration_cycle"] = cycle;
        }
    }

    public static void ApplySource(JsonObject o, SourceWithTask row)
    {
        var s = row.Source;
        o["state"] = CopyStates.Shown(s, row.Task);
        if (s.MigrationCycle is { } cycle) o["migration_cycle"] = cycle;
        if (s.StateActionTime is { } stateAt) o["state_action_time"] = stateAt;
        if (s.StageActionTime is { } stageAt) o["stage_action_time"] = stageAt;
        if (s.MigprojectId is { } project) o["migprojectid"] = project;
        o["is_consistency_result_exist"] = row.Task?.ConsistencyResultExist ?? false;
        DiskLayout.AssignIds(o);
        if (row.Task is { } t && o["current_task"] is JsonObject current)
        {
            current["log_collect_status"] = t.LogCollectStatus;
            if (t.LogBucket is { } bucket) current["log_bucket"] = bucket;
            if (t.LogUploadTime is { } uploaded) current["log_upload_time"] = uploaded;
        }
    }

    // Every task of a ListTasks page asks this of its source: a read-only look at the registration,
    // not a tree of it (its disks and networks), which was a sixth of building the page.
    static string? MigrationCycle(SourceServer s)
    {
        if (s.MigrationCycle is { } cycle) return cycle;
        using var registration = JsonDocument.Parse(s.RegistrationJson);
        return registration.RootElement is { ValueKind: JsonValueKind.Object } root
               && root.TryGetProperty("migration_cycle", out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
    }
}
