using System.Globalization;
using System.Text.Json.Nodes;
using OpenSms.Core;
using OpenSms.Core.Contracts;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// The disks and volume groups of a source's registration, as UpdateServerName adjusts them. The
/// agent registers them without ids; OpenSms names each by its position (a volume by its position
/// in its disk or group), so the ids ShowServer shows are the ones UpdateServerName takes.
/// </summary>
static class DiskLayout
{
    public static void AssignIds(JsonObject registration)
    {
        Assign(registration["disks"] as JsonArray, "physical_volumes");
        Assign(registration["volume_groups"] as JsonArray, "logical_volumes");
    }

    static void Assign(JsonArray? items, string childrenKey)
    {
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            if (items![i] is not JsonObject item) continue;
            item["id"] ??= i.ToString(CultureInfo.InvariantCulture);
            var children = item[childrenKey] as JsonArray;
            for (var j = 0; j < (children?.Count ?? 0); j++)
                if (children![j] is JsonObject child) child["id"] ??= j.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Applies the adjustments to the registration (ids assigned); an id it does not have is an error naming the field.</summary>
    public static void Adjust(JsonObject registration, PutSourceServerBody body, ValidationErrors errors)
    {
        AssignIds(registration);
        var disks = registration["disks"] as JsonArray;
        for (var i = 0; i < (body.Disks?.Count ?? 0); i++)
        {
            var put = body.Disks![i]!;
            if (Find(disks, put.Id) is not { } disk)
            {
                errors.Add($"disks[{i}].id", $"is not a disk of this source server: {put.Id}");
                continue;
            }
            Set(disk, put.NeedMigration, put.AdjustSize);
            AdjustChildren(disk["physical_volumes"] as JsonArray, put.PhysicalVolumes, $"disks[{i}].physical_volumes", errors);
        }
        var groups = registration["volume_groups"] as JsonArray;
        for (var i = 0; i < (body.VolumeGroups?.Count ?? 0); i++)
        {
            var put = body.VolumeGroups![i]!;
            if (Find(groups, put.Id) is not { } group)
            {
                errors.Add($"volume_groups[{i}].id", $"is not a volume group of this source server: {put.Id}");
                continue;
            }
            Set(group, put.NeedMigration, put.AdjustSize);
            AdjustChildren(group["logical_volumes"] as JsonArray, put.LogicalVolumes, $"volume_groups[{i}].logical_volumes", errors);
        }
    }

    static void AdjustChildren(JsonArray? children, IReadOnlyList<PutVolume?>? puts, string field, ValidationErrors errors)
    {
        for (var j = 0; j < (puts?.Count ?? 0); j++)
        {
            var put = puts![j]!;
            if (Find(children, put.Id) is { } child) Set(child, put.NeedMigration, put.AdjustSize);
            else errors.Add($"{field}[{j}].id", $"is not a volume here: {put.Id}");
        }
    }

    static JsonObject? Find(JsonArray? items, string? id) =>
        items?.OfType<JsonObject>().FirstOrDefault(o => o["id"] is JsonValue v && (v.TryGetValue<string>(out var text) ? text : v.ToJsonString()) == id);

    static void Set(JsonObject item, bool? needMigration, long? adjustSize)
    {
        if (needMigration is { } need) item["need_migration"] = need;
        if (adjustSize is { } size) item["adjust_size"] = size;
    }
}
