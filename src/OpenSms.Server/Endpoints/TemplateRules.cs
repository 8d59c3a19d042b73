using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;

namespace OpenSms.Server.Endpoints;

/// <summary>What a template must hold (reference §1.4, TemplateRequest) and how it is stored and shown.</summary>
static partial class TemplateRules
{
    /// <summary>Huawei's EVS disk types; the SDK lists the first three, the service also takes the newer ones.</summary>
    static readonly string[] VolumeTypes = ["SAS", "SSD", "SATA", "GPSSD", "ESSD", "GPSSD2", "ESSD2"];

    [GeneratedRegex(@"^[\u4e00-\u9fa5A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Name();

    public static ValidationErrors Validate(TemplateRequest? t, bool creating)
    {
        var errors = new ValidationErrors();
        if (t is null)
        {
            errors.Missing("template");
            return errors;
        }
        if (creating && t.Name is null) errors.Missing("template.name");
        if (t.Name is not null && !Name().IsMatch(t.Name)) errors.Add("template.name", "must be 1 to 64 letters, digits, CJK characters, _ or -");
        foreach (var (field, value) in new[] { ("region", t.Region), ("projectid", t.Projectid), ("target_server_name", t.TargetServerName), ("availability_zone", t.AvailabilityZone) })
            errors.Length("template." + field, value, 0, 255);
        errors.Length("template.flavor", t.Flavor, 0, 65535);
        errors.OneOf("template.volumetype", t.Volumetype, VolumeTypes);
        errors.OneOf("template.data_volume_type", t.DataVolumeType, VolumeTypes);
        errors.Length("template.target_password", t.TargetPassword, 0, 255);
        if (t.Vpc is { } vpc)
        {
            if (string.IsNullOrEmpty(vpc.Id)) errors.Missing("template.vpc.id");
            if (vpc.Name is null) errors.Missing("template.vpc.name");
        }
        Each(errors, "template.nics", t.Nics, (name, nic) =>
        {
            if (string.IsNullOrEmpty(nic.Id)) errors.Missing(name + ".id");
            if (nic.Name is null) errors.Missing(name + ".name");
            if (nic.Cidr is null) errors.Missing(name + ".cidr");
            if (!string.IsNullOrEmpty(nic.Ip) && !IPAddress.TryParse(nic.Ip, out _)) errors.Add(name + ".ip", "must be an IP address");
        });
        Each(errors, "template.security_groups", t.SecurityGroups, (name, sg) =>
        {
            if (string.IsNullOrEmpty(sg.Id)) errors.Missing(name + ".id");
            if (sg.Name is null) errors.Missing(name + ".name");
        });
        if (t.Publicip is { } ip)
        {
            if (string.IsNullOrEmpty(ip.Type)) errors.Missing("template.publicip.type");
            if (ip.BandwidthSize is null) errors.Missing("template.publicip.bandwidth_size");
            else errors.Range("template.publicip.bandwidth_size", ip.BandwidthSize.Value, 1, int.MaxValue);
        }
        Each(errors, "template.disk", t.Disk, (name, disk) =>
        {
            if (disk.Index is null) errors.Missing(name + ".index");
            else errors.Range(name + ".index", disk.Index.Value, 0, int.MaxValue);
            if (disk.Name is null) errors.Missing(name + ".name");
            if (disk.Disktype is null) errors.Missing(name + ".disktype");
            if (disk.Size is null) errors.Missing(name + ".size");
            else errors.Range(name + ".size", disk.Size.Value, 0, long.MaxValue);
        });
        return errors;
    }

    static void Each<T>(ValidationErrors errors, string field, IReadOnlyList<T?>? items, Action<string, T> check) where T : class
    {
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            if (items![i] is { } item) check($"{field}[{i}]", item);
            else errors.Add($"{field}[{i}]", "must be an object");
        }
    }

    /// <summary>The <c>template</c> object of the request body as sent.</summary>
    public static JsonObject Sent(ReadOnlyMemory<byte> raw) =>
        (JsonNode.Parse(raw.Span) as JsonObject)?["template"]?.DeepClone() as JsonObject ?? [];

    /// <summary>The template holding <paramref name="json"/>; a non-empty password replaces the sealed one.</summary>
    public static VmTemplate With(VmTemplate template, JsonObject json, string? password, SecretBox box)
    {
        json.Remove("target_password");
        json.Remove("id");
        return template with
        {
            Name = json["name"]?.GetValue<string>() ?? template.Name,
            Region = json["region"]?.GetValue<string>(),
            AvailabilityZone = json["availability_zone"]?.GetValue<string>(),
            TemplateJson = json.ToJsonString(JsonSerializerOptions.Default),
            TargetPasswordEnc = string.IsNullOrEmpty(password) ? template.TargetPasswordEnc : box.Seal(password),
        };
    }

    /// <summary>
    /// TemplateResponseBody: what was sent, with the id, <c>is_template</c> as the string Huawei
    /// returns, empty values for the fields its SDKs require, and never the password.
    /// </summary>
    public static JsonObject View(VmTemplate t)
    {
        var o = JsonNode.Parse(t.TemplateJson) as JsonObject ?? [];
        o["id"] = t.Id;
        o["is_template"] = o["is_template"] is JsonValue v && v.TryGetValue<bool>(out var isTemplate) ? (isTemplate ? "true" : "false") : "true";
        foreach (var key in new[] { "name", "region", "projectid", "target_server_name", "availability_zone", "volumetype", "flavor", "data_volume_type" })
            o[key] ??= "";
        foreach (var key in new[] { "nics", "security_groups", "disk" }) o[key] ??= new JsonArray();
        o["target_password"] = "";
        return o;
    }
}
