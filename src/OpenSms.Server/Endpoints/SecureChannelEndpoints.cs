using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>
/// The secure channel between the agent and the target (ShowCertKey, ShowPassphrase; reference §2.11).
/// The material is issued on the first request for a task, kept sealed with the server key, and the
/// same on every later request.
/// </summary>
public static class SecureChannelEndpoints
{
    public static IEndpointRouteBuilder MapSecureChannel(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/tasks").WithTags("Tasks").RequireAuthorization();
        g.MapGet("/{task_id}/certkey", ShowCertKey);
        g.MapGet("/{task_id}/passphrase", ShowPassphrase);
        return app;
    }

    /// <summary>The agent's certificate and key; with <c>enable_ca_cert=true</c> also the CA and the target's two pairs.</summary>
    static async Task<Results<JsonHttpResult<CertKeyResponse>, SmsError>> ShowCertKey(
        string task_id, HttpRequest request, Caller caller, ISecureChannelStore store, SecretBox box, TimeProvider clock, CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        var withCa = q.Bool("enable_ca_cert") ?? false;
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        var m = await MaterialAsync(task_id, caller, store, box, clock, ct);
        if (m is null) return SmsError.NotFound("task", task_id);
        var response = new CertKeyResponse { Cert = m.Cert, PrivateKey = m.PrivateKey };
        if (withCa)
        {
            response = response with
            {
                Ca = m.Ca, TargetMgmtCert = m.TargetMgmtCert, TargetMgmtPrivateKey = m.TargetMgmtPrivateKey,
                TargetDataCert = m.TargetDataCert, TargetDataPrivateKey = m.TargetDataPrivateKey,
            };
        }
        return TypedResults.Json(response, SurfaceJson.Default.CertKeyResponse);
    }

    static async Task<Results<JsonHttpResult<PassphraseResponse>, SmsError>> ShowPassphrase(
        string task_id, Caller caller, ISecureChannelStore store, SecretBox box, TimeProvider clock, CancellationToken ct)
    {
        var m = await MaterialAsync(task_id, caller, store, box, clock, ct);
        return m is null
            ? SmsError.NotFound("task", task_id)
            : TypedResults.Json(new PassphraseResponse(task_id, m.Passphrase), SurfaceJson.Default.PassphraseResponse);
    }

    /// <summary>The task's material, issued now when it has none; null when the task is not the caller's.</summary>
    static async Task<ChannelMaterial?> MaterialAsync(
        string taskId, Caller caller, ISecureChannelStore store, SecretBox box, TimeProvider clock, CancellationToken ct)
    {
        var found = await store.FindAsync(caller.DomainId, taskId, ct);
        if (!found.TaskExists) return null;
        var sealedText = found.Sealed;
        if (sealedText is null)
        {
            var issued = ChannelCertificates.Issue(taskId, clock.GetUtcNow());
            var sealedNew = box.Seal(JsonSerializer.Serialize(issued, SurfaceJson.Default.ChannelMaterial));
            sealedText = await store.AddAsync(caller.DomainId, taskId, sealedNew, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct);
            // The task was deleted between the two calls.
            if (sealedText is null) return null;
        }
        var json = box.Open(sealedText)
            ?? throw new InvalidOperationException($"The secure-channel material of task {taskId} does not open with this server's key.");
        return JsonSerializer.Deserialize(json, SurfaceJson.Default.ChannelMaterial);
    }
}
