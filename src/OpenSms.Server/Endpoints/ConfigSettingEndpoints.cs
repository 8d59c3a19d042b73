using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Core.Tasks;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>A task's special configuration, which the agent parses (ShowConfigSetting, UploadSpecialConfigurationSetting; reference §2.11).</summary>
public static class ConfigSettingEndpoints
{
    public static IEndpointRouteBuilder MapConfigSettings(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/tasks").WithTags("Tasks").RequireAuthorization();
        g.MapGet("/{task_id}/configuration-setting", Show);
        g.MapPost("/{task_id}/configuration-setting", Upload);
        return app;
    }

    /// <summary>All of the task's settings, or the one named by <c>config_key</c>.</summary>
    static async Task<Results<JsonHttpResult<ConfigSettingResponse>, SmsError>> Show(
        string task_id, HttpRequest request, Caller caller, ITaskStore tasks, CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        var key = q.OneOf("config_key", ConfigKeys.All);
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        var found = await tasks.FindAsync(caller.DomainId, task_id, ct);
        if (found is null) return SmsError.NotFound("task", task_id);
        var t = found.Task;
        var configs = Parse(t.SpecialConfig).Where(c => key is null || c.ConfigKey == key).ToList();
        return TypedResults.Json(new ConfigSettingResponse(t.Id, ConfigKeys.MigrateType(t.OsType, t.Type), configs),
            SurfaceJson.Default.ConfigSettingResponse);
    }

    /// <summary>Sets the keys sent and keeps the others: an upload names what it changes.</summary>
    static async Task<Results<JsonHttpResult<EmptyResponse>, SmsError>> Upload(
        string task_id, HttpRequest request, Caller caller, ITaskSettingsStore settings, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.ConfigurationsRequest, ct);
        if (body.Error is not null) return body.Error;
        var items = body.Value!.Configurations;
        var errors = new ValidationErrors();
        if (items is not { Count: > 0 }) errors.Add("configurations", "must list at least one setting");
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var name = $"configurations[{i}]";
            if (items![i] is not { } c)
            {
                errors.Add(name, "must be an object");
                continue;
            }
            if (c.ConfigKey is null) errors.Missing(name + ".config_key");
            errors.OneOf(name + ".config_key", c.ConfigKey, ConfigKeys.All);
            if (c.ConfigValue is null) errors.Missing(name + ".config_value");
            errors.Length(name + ".config_value", c.ConfigValue, 0, 65535);
            errors.Length(name + ".config_status", c.ConfigStatus, 0, 255);
        }
        if (errors.Any) return SmsError.Invalid(errors);

        string Merge(string? stored)
        {
            var merged = Parse(stored).ToDictionary(c => c.ConfigKey!);
            foreach (var c in items!) merged[c!.ConfigKey!] = c;
            var ordered = merged.Values.OrderBy(c => IndexOf(c.ConfigKey!)).ToList();
            return JsonSerializer.Serialize(ordered, SurfaceJson.Default.ListConfigBody);
        }
        return await settings.UpdateSpecialConfigAsync(caller.DomainId, task_id, Merge, ct)
            ? TypedResults.Json(EmptyResponse.Instance, SmsJson.Default.EmptyResponse)
            : SmsError.NotFound("task", task_id);
    }

    /// <summary>The stored settings; also what ShowTask shows as <c>special_config</c>.</summary>
    public static List<ConfigBody> Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, SurfaceJson.Default.ListConfigBody) ?? [];

    static int IndexOf(string key) => ConfigKeys.All.ToList().IndexOf(key);
}
