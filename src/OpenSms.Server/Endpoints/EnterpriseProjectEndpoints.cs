using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>Enterprise projects group tasks and sources; policies condition on them (g:EnterpriseProjectId).</summary>
public static class EnterpriseProjectEndpoints
{
    public static IEndpointRouteBuilder MapEnterpriseProjects(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1.0/enterprise-projects").WithTags("EnterpriseProjects").RequireAuthorization();
        g.MapPost("", Create);
        g.MapGet("", List);
        return app;
    }

    /// <summary>The built-in project every account has; its id is "0" as in Huawei Cloud.</summary>
    public const string DefaultId = "0";

    static async Task<Results<JsonHttpResult<EnterpriseProjectResponse>, SmsError>> Create(
        HttpRequest request, Caller caller, IIamStore iam, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.CreateEnterpriseProjectRequest, ct);
        if (body.Error is not null) return body.Error;
        var r = body.Value!;
        var errors = new ValidationErrors();
        if (r.Name is null) errors.Missing("name");
        else errors.Length("name", r.Name, 1, 64);
        if (r.Name is "default") errors.Add("name", "is reserved for the built-in project");
        errors.Length("description", r.Description, 0, 512);
        if (errors.Any) return SmsError.Invalid(errors);

        var project = new EnterpriseProject
        {
            Id = Ids.New(), DomainId = caller.DomainId, Name = r.Name!, Description = r.Description,
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        if (await iam.CreateEnterpriseProjectAsync(project, ct) == CreateResult.AlreadyExists)
            return SmsError.Conflict($"An enterprise project named {project.Name} already exists.", "name");
        return TypedResults.Json(new EnterpriseProjectResponse(View(project)), SmsJson.Default.EnterpriseProjectResponse);
    }

    static async Task<JsonHttpResult<EnterpriseProjectsResponse>> List(Caller caller, IIamStore iam, CancellationToken ct)
    {
        var projects = (await iam.ListEnterpriseProjectsAsync(caller.DomainId, ct)).Select(View).Prepend(
            new EnterpriseProjectView(DefaultId, "default", "The default enterprise project", 1, 0)).ToList();
        return TypedResults.Json(new EnterpriseProjectsResponse(projects, projects.Count), SmsJson.Default.EnterpriseProjectsResponse);
    }

    static EnterpriseProjectView View(EnterpriseProject p) => new(p.Id, p.Name, p.Description, p.Status, p.CreatedAt);
}
