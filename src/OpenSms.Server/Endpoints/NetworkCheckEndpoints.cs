using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>The agent's network quality report (UpdateNetworkCheckInfo, reference §2.9). The path has no <c>tasks/</c>.</summary>
public static class NetworkCheckEndpoints
{
    public static IEndpointRouteBuilder MapNetworkCheck(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v3/{task_id}/update-network-check-info", Update).WithTags("Tasks").RequireAuthorization();
        return app;
    }

    /// <summary>Keeps the latest result; ShowTask and ListTasks show it as <c>network_check_info</c>.</summary>
    static async Task<Results<JsonHttpResult<TaskIdResponse>, SmsError>> Update(
        string task_id, HttpRequest request, Caller caller, ITaskSettingsStore settings, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SurfaceJson.Default.NetworkCheckInfo, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        Require(errors, "network_delay", r.NetworkDelay, 0, 10000);
        Require(errors, "network_jitter", r.NetworkJitter, 0, 10000);
        Require(errors, "migration_speed", r.MigrationSpeed, 0, 10000);
        Require(errors, "loss_percentage", r.LossPercentage, 0, 100);
        Require(errors, "cpu_usage", r.CpuUsage, 0, 100);
        Require(errors, "mem_usage", r.MemUsage, 0, 100);
        if (r.EvaluationResult is null) errors.Missing("evaluation_result");
        errors.Length("evaluation_result", r.EvaluationResult, 5, 9);
        if (errors.Any) return SmsError.Invalid(errors);

        // Stored as the typed record serializes it: only the documented fields, whatever else was sent.
        var json = JsonSerializer.Serialize(r, SurfaceJson.Default.NetworkCheckInfo);
        return await settings.SetNetworkCheckAsync(caller.DomainId, task_id, json, ct)
            ? TypedResults.Json(new TaskIdResponse(task_id), SurfaceJson.Default.TaskIdResponse)
            : SmsError.NotFound("task", task_id);
    }

    static void Require(ValidationErrors errors, string field, double? value, double min, double max)
    {
        if (value is null) errors.Missing(field);
        else errors.Range(field, value, min, max);
    }
}
