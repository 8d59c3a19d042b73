namespace OpenSms.Core.Iam;

/// <summary>How much an action's grant can be narrowed, as the action table's Access Level column says.</summary>
public enum AccessLevel
{
    List,
    Read,
    Write,
}

/// <summary>Which resource the server puts in an <see cref="AuthorizationRequest"/> for an endpoint.</summary>
public enum ResourceScope
{
    /// <summary>No resource (null): only statements with <c>"*"</c> or no <c>Resource</c> cover it.</summary>
    Account,

    /// <summary>The source server named by the path (a task's own source server for task paths).</summary>
    PathServer,

    /// <summary>Each source server the body names (CreateTask's, or every id of a batch); all must be allowed.</summary>
    BodyServers,
}

/// <summary>One SMS endpoint and the action that guards it.</summary>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Route">Route template, e.g. <c>/v3/tasks/{task_id}/progress</c>.</param>
/// <param name="Operation">Huawei's SDK operation name, e.g. <c>UpdateTaskSpeed</c>.</param>
/// <param name="Action">The action name, e.g. <c>sms:server:updateTaskProgress</c>.</param>
/// <param name="Access">List, Read or Write.</param>
/// <param name="ResourceType">Huawei's resource type (<c>server</c>, <c>template</c>, <c>migproject</c>), or null.</param>
/// <param name="ConditionKey">The condition key the server fills for it (<c>g:EnterpriseProjectId</c>), or null.</param>
/// <param name="Alias">The role/policy-based action that also grants it, e.g. <c>sms:server:migrationServer</c>.</param>
/// <param name="Scope">Which resource the server evaluates it against.</param>
/// <param name="HuaweiDocumented">True when the name comes from Huawei's documentation, false when OpenSms chose it.</param>
public sealed record CatalogueEntry(
    string Method,
    string Route,
    string Operation,
    string Action,
    AccessLevel Access,
    string? ResourceType,
    string? ConditionKey,
    string? Alias,
    ResourceScope Scope,
    bool HuaweiDocumented)
{
    /// <summary>The request to evaluate for this endpoint; set <c>IsAccountAdmin</c> with <c>with</c> if needed.</summary>
    public AuthorizationRequest ToRequest(string? resource, IReadOnlyDictionary<string, IReadOnlyList<string>> context) =>
        new(Action) { Aliases = Alias is null ? [] : [Alias], Resource = resource, Context = context };
}
