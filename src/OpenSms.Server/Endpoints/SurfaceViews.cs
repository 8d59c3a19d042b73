using System.Text.Json.Nodes;
using OpenSms.Core.Sources;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// The source fields of the surface beyond progress, added to what <see cref="Views"/> builds:
/// copy state, project, migration cycle, disk ids, the current task's log collection. (A task's are
/// written by <see cref="TaskView"/>.)
/// </summary>
static class SurfaceViews
{
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
}
