using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>Extension: the account's audit log, newest first, paged with <c>marker</c> (the last id seen).</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v3/opensms/audit", List).WithTags("Audit").RequireAuthorization();
        return app;
    }

    static async Task<Results<JsonHttpResult<JsonObject>, SmsError>> List(HttpRequest request, Caller caller, IIamStore iam, AuditLog audit, CancellationToken ct)
    {
        var q = new QueryArgs(request.Query);
        var limit = q.Number("limit", 100, 1, 1000);
        var marker = q.Text("marker", 20) is { } m && long.TryParse(m, out var id) ? id : (long?)null;
        if (q.Errors.Any) return SmsError.Invalid(q.Errors);
        await audit.FlushAsync(ct);
        var entries = await iam.ListAuditAsync(caller.DomainId, limit, marker, ct);
        var list = new JsonArray(entries.Select(e => (JsonNode?)new JsonObject
        {
            ["id"] = e.Id, ["time"] = e.At, ["user_id"] = e.UserId, ["user_name"] = e.UserName, ["access_key"] = e.AccessKey,
            ["method"] = e.Method, ["path"] = e.Path, ["action"] = e.Action, ["resource"] = e.Resource,
            ["decision"] = e.Decision, ["status"] = e.Status, ["source_ip"] = e.SourceIp, ["request_id"] = e.RequestId,
        }).ToArray());
        return TypedResults.Json(new JsonObject { ["audit"] = list, ["next_marker"] = entries.Count == limit ? entries[^1].Id : null },
            SmsJson.Default.JsonObject);
    }
}
