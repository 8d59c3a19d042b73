using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Sources;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// What operators and agents change on a registered source (UpdateServerName, UpdateCopyState,
/// UpdateDiskInfo) and the account-wide views (ShowOverview, ListErrorServers); reference §1.2.
/// </summary>
public static class SourceDetailEndpoints
{
    public static IEndpointRouteBuilder MapSourceDetails(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3").WithTags("Sources").RequireAuthorization();
        g.MapGet("/sources/overview", ShowOverview);
        g.MapPut("/sources/{source_id}", UpdateServerName);
        g.MapPut("/sources/{source_id}/changestate", UpdateCopyState);
        g.MapPut("/sources/{source_id}/diskinfo", UpdateDiskInfo);
        g.MapGet("/errors", ListErrorServers);
        return app;
    }

    /// <summary>Renames the source, moves it to a project, and marks disks and volumes to migrate or resize.</summary>
    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> UpdateServerName(
        string source_id, HttpRequest request, Caller caller, ISourceDetailStore sources, IMigProjectStore projects,
        TimeProvider clock, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.PutSourceServerBody, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        errors.Length("name", r.Name, 1, 255);
        errors.Length("migprojectid", r.Migprojectid, 1, 255);
        for (var i = 0; i < (r.Disks?.Count ?? 0); i++)
        {
            var disk = r.Disks![i];
            if (!CheckPut(errors, $"disks[{i}]", disk?.Id, disk?.AdjustSize, disk is not null)) continue;
            for (var j = 0; j < (disk!.PhysicalVolumes?.Count ?? 0); j++)
            {
                var volume = disk.PhysicalVolumes![j];
                CheckPut(errors, $"disks[{i}].physical_volumes[{j}]", volume?.Id, volume?.AdjustSize, volume is not null);
            }
        }
        for (var i = 0; i < (r.VolumeGroups?.Count ?? 0); i++)
        {
            var group = r.VolumeGroups![i];
            if (!CheckPut(errors, $"volume_groups[{i}]", group?.Id, group?.AdjustSize, group is not null)) continue;
            for (var j = 0; j < (group!.LogicalVolumes?.Count ?? 0); j++)
            {
                var volume = group.LogicalVolumes![j];
                CheckPut(errors, $"volume_groups[{i}].logical_volumes[{j}]", volume?.Id, volume?.AdjustSize, volume is not null);
            }
        }
        if (errors.Any) return SmsError.Invalid(errors);

        if (r.Migprojectid is { } projectId)
        {
            await MigProjectEndpoints.EnsureDefaultAsync(caller, projects, clock, options, ct);
            if (await projects.FindAsync(caller.DomainId, projectId, ct) is null) return SmsError.NotFound("migration project", projectId);
        }
        var found = await sources.UpdateAsync(caller.DomainId, source_id, row =>
        {
            var registration = Views.ParseSpec(row.Source.RegistrationJson);
            DiskLayout.Adjust(registration, r, errors);
            if (r.Name is not null) registration["name"] = r.Name;
            return errors.Any ? null : row.Source with
            {
                Name = r.Name ?? row.Source.Name,
                MigprojectId = r.Migprojectid ?? row.Source.MigprojectId,
                RegistrationJson = registration.ToJsonString(),
            };
        }, ct);
        if (!found) return SmsError.NotFound("source server", source_id);
        return errors.Any ? SmsError.Invalid(errors) : TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse);
    }

    /// <summary>
    /// The agent's copy state and migration cycle. With no task the copy state becomes the source's
    /// state; with one it shows until the task's state changes. Like Huawei, a source that shows a
    /// frozen state (stopped, finished, ...) ignores the call.
    /// </summary>
    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> UpdateCopyState(
        string source_id, HttpRequest request, Caller caller, ISourceDetailStore sources, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.PutCopyStateRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        if (r.Copystate is null && r.Migrationcycle is null) errors.Add("copystate", "or migrationcycle is required");
        if (r.Copystate is not null && !CopyStates.IsKnown(r.Copystate)) errors.Add("copystate", "must be one of " + string.Join(", ", CopyStates.All));
        errors.OneOf("migrationcycle", r.Migrationcycle?.ToLowerInvariant(), CopyStates.MigrationCycles);
        if (errors.Any) return SmsError.Invalid(errors);

        var copystate = CopyStates.Normalize(r.Copystate);
        var cycle = r.Migrationcycle?.ToLowerInvariant();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var found = await sources.UpdateAsync(caller.DomainId, source_id, row =>
        {
            var (s, t) = (row.Source, row.Task);
            if (!CopyStates.Applies(CopyStates.Shown(s, t), copystate ?? "", t)) return null;
            if (cycle is not null) s = s with { MigrationCycle = cycle, StageActionTime = now };
            if (copystate is null) return s;
            return t is null
                ? s with { State = copystate, Copystate = null, CopystateTaskId = null, CopystateTaskState = null, StateActionTime = now }
                : s with { Copystate = copystate, CopystateTaskId = t.Id, CopystateTaskState = t.State, StateActionTime = now };
        }, ct);
        return found ? TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse) : SmsError.NotFound("source server", source_id);
    }

    /// <summary>Replaces the disks, volume groups and btrfs file systems the agent registered.</summary>
    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> UpdateDiskInfo(
        string source_id, HttpRequest request, Caller caller, ISourceDetailStore sources, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.PutDiskInfoRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        if (r.Disks is null && r.Volumegroups is null && r.BtrfsList is null) errors.Add("disks", "or volumegroups or btrfs_list is required");
        for (var i = 0; i < (r.Disks?.Count ?? 0); i++)
        {
            var name = $"disks[{i}]";
            if (r.Disks![i] is not { } d)
            {
                errors.Add(name, "must be an object");
                continue;
            }
            if (d.Name is null) errors.Missing(name + ".name");
            errors.OneOf(name + ".device_use", d.DeviceUse, ["NORMAL", "OS", "BOOT"]);
            errors.OneOf(name + ".partition_style", d.PartitionStyle, ["MBR", "GPT"]);
            if (d.Size is null) errors.Missing(name + ".size");
            else errors.Range(name + ".size", d.Size.Value, 0, long.MaxValue);
            if (d.UsedSize is { } used) errors.Range(name + ".used_size", used, 0, d.Size ?? long.MaxValue);
        }
        for (var i = 0; i < (r.Volumegroups?.Count ?? 0); i++)
        {
            if (r.Volumegroups![i] is not { } g) errors.Add($"volumegroups[{i}]", "must be an object");
            else if (g.Name is null) errors.Missing($"volumegroups[{i}].name");
        }
        for (var i = 0; i < (r.BtrfsList?.Count ?? 0); i++)
        {
            if (r.BtrfsList![i] is null) errors.Add($"btrfs_list[{i}]", "must be an object");
        }
        if (errors.Any) return SmsError.Invalid(errors);

        var sent = JsonNode.Parse(body.Raw.Span) as JsonObject ?? [];
        var found = await sources.UpdateAsync(caller.DomainId, source_id, row =>
        {
            var registration = Views.ParseSpec(row.Source.RegistrationJson);
            foreach (var (from, to) in new[] { ("disks", "disks"), ("volumegroups", "volume_groups"), ("btrfs_list", "btrfs_list") })
                if (sent[from] is JsonArray list) registration[to] = list.DeepClone();
            return row.Source with { RegistrationJson = registration.ToJsonString() };
        }, ct);
        return found ? TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse) : SmsError.NotFound("source server", source_id);
    }

    /// <summary>
    /// A count for every source state (Huawei's current body) plus <c>replicating</c> and <c>other</c>,
    /// which older SDKs read.
    /// </summary>
    static async Task<JsonHttpResult<JsonObject>> ShowOverview(Caller caller, ISourceDetailStore sources, CancellationToken ct)
    {
        var counts = await sources.CountByStateAsync(caller.DomainId, ct);
        int Count(string state) => counts.GetValueOrDefault(state);
        var o = new JsonObject();
        foreach (var state in SourceStates.All) o[state] = Count(state);
        o["replicating"] = Count("replicate");
        o["other"] = counts.Values.Sum() - Count("waiting") - Count("replicate") - Count("syncing");
        return TypedResults.Json(o, SurfaceJson.Default.JsonObject);
    }

    /// <summary>The account's sources that show <c>error</c>, with their task's error. <c>offset</c> is required, as at Huawei.</summary>
    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> ListErrorServers(
        HttpRequest request, Caller caller, ISourceDetailStore sources, CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        if (request.Query["offset"].ToString().Length == 0) q.Errors.Missing("offset");
        var query = new ErrorQuery(q.Text("migproject"), q.Text("enterprise_project_id"), q.Number("limit", 50, 0, 100), q.Number("offset", 0, 0, 65535));
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        var (count, items) = await sources.ListErrorsAsync(caller.DomainId, query, ct);
        var list = new JsonArray(items.Select(e => (JsonNode?)new JsonObject
        {
            ["error_json"] = e.ErrorJson ?? "", ["host_name"] = e.Hostname ?? "", ["name"] = e.Name, ["source_id"] = e.SourceId,
            ["source_ip"] = e.Ip ?? "", ["target_ip"] = TargetIp(e.TaskSpecJson),
        }).ToArray());
        return TypedResults.Json(new JsonObject { ["count"] = count, ["migration_errors"] = list }, SurfaceJson.Default.JsonObject);
    }

    static string TargetIp(string? spec) =>
        spec is not null && Views.ParseSpec(spec)["target_server"]?["ip"] is JsonValue ip && ip.TryGetValue<string>(out var text) ? text : "";

    /// <summary>Checks one adjustment; false when it is not even an object.</summary>
    static bool CheckPut(ValidationErrors errors, string field, string? id, long? adjustSize, bool present)
    {
        if (!present)
        {
            errors.Add(field, "must be an object");
            return false;
        }
        if (string.IsNullOrEmpty(id)) errors.Missing(field + ".id");
        if (adjustSize is { } size) errors.Range(field + ".adjust_size", size, 0, long.MaxValue);
        return true;
    }
}
