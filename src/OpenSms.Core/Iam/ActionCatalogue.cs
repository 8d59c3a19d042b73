using static OpenSms.Core.Iam.AccessLevel;
using static OpenSms.Core.Iam.ResourceScope;

namespace OpenSms.Core.Iam;

/// <summary>
/// Every SMS v3 endpoint OpenSms has or will have, keyed by (method, route template), with the action
/// that guards it. Names marked documented are Huawei's ("Actions Supported by Identity Policy-based
/// Authorization" and each API page); the others follow the same style and are listed in docs/iam.md.
/// </summary>
public static class ActionCatalogue
{
    /// <summary>Role/policy-based (1.1) action covering SMS writes; the alias of most Write actions.</summary>
    public const string MigrationServer = "sms:server:migrationServer";

    /// <summary>Role/policy-based (1.1) action covering SMS reads; the alias of List and Read actions.</summary>
    public const string QueryServer = "sms:server:queryServer";

    /// <summary>Role/policy-based (1.1) action the agent needs to register a source server.</summary>
    public const string RegisterServer = "sms:server:registerServer";

    const string Server = "server";
    const string Ep = ConditionKeys.EnterpriseProjectId;

    public static IReadOnlyList<CatalogueEntry> All { get; } =
    [
        // Tasks (reference §1.1)
        new("POST", "/v3/tasks", "CreateTask", "sms:server:createTask", Write, Server, Ep, MigrationServer, BodyServers, true),
        new("GET", "/v3/tasks", "ListTasks", "sms:server:listTask", List, Server, Ep, QueryServer, Account, true),
        new("GET", "/v3/tasks/{task_id}", "ShowTask", "sms:server:getTask", Read, Server, Ep, QueryServer, PathServer, true),
        new("PUT", "/v3/tasks/{task_id}", "UpdateTask", "sms:server:updateTask", Write, Server, Ep, MigrationServer, PathServer, true),
        new("DELETE", "/v3/tasks/{task_id}", "DeleteTask", "sms:server:deleteTask", Write, Server, Ep, MigrationServer, PathServer, true),
        // Huawei requires no permission for the batch; OpenSms checks DeleteTask's for every id instead.
        new("POST", "/v3/tasks/delete", "DeleteTasks", "sms:server:deleteTask", Write, Server, Ep, MigrationServer, BodyServers, false),
        new("POST", "/v3/tasks/{task_id}/action", "UpdateTaskStatus", "sms:server:manageTask", Write, Server, Ep, MigrationServer, PathServer, true),
        new("PUT", "/v3/tasks/{task_id}/progress", "UpdateTaskSpeed", "sms:server:updateTaskProgress", Write, Server, Ep, MigrationServer, PathServer, true),
        new("GET", "/v3/tasks/{task_id}/speed-limit", "ShowsSpeedLimits", "sms:server:getTaskSpeedLimit", Read, Server, Ep, QueryServer, PathServer, true),
        new("POST", "/v3/tasks/{task_id}/speed-limit", "UpdateSpeed", "sms:server:updateTaskSpeedLimit", Write, Server, Ep, MigrationServer, PathServer, true),
        new("POST", "/v3/{task_id}/update-network-check-info", "UpdateNetworkCheckInfo", "sms:server:updateNetworkCheckInfo", Write, Server, Ep, MigrationServer, PathServer, false),
        new("POST", "/v3/tasks/{task_id}/log", "CollectLog", "sms:server:collectLog", Write, Server, Ep, MigrationServer, PathServer, true),
        new("GET", "/v3/tasks/{task_id}/certkey", "ShowCertKey", "sms:server:getCert", Read, Server, Ep, QueryServer, PathServer, true),
        new("GET", "/v3/tasks/{task_id}/passphrase", "ShowPassphrase", "sms:server:getTaskPassphrase", Read, Server, Ep, QueryServer, PathServer, true),
        new("GET", "/v3/tasks/{task_id}/configuration-setting", "ShowConfigSetting", "sms:server:getTaskConfig", Read, Server, Ep, QueryServer, PathServer, true),
        new("POST", "/v3/tasks/{task_id}/configuration-setting", "UploadSpecialConfigurationSetting", "sms:server:updateTaskConfig", Write, Server, Ep, MigrationServer, PathServer, true),
        new("GET", "/v3/tasks/{task_id}/consistency-result", "ShowConsistencyResult", "sms:server:getConsistencyCheckResult", Read, Server, Ep, QueryServer, PathServer, true),
        new("POST", "/v3/tasks/{task_id}/consistency-result", "UpdateConsistencyResult", "sms:server:updateConsistencyCheckResult", Write, Server, Ep, MigrationServer, PathServer, true),
        new("POST", "/v3/tasks/consistency-results/export", "ExportConsistencyResults", "sms:server:getBatchConsistencyResults", Read, Server, Ep, QueryServer, BodyServers, true),

        // Source servers (reference §1.2)
        new("POST", "/v3/sources", "RegisterServer", "sms:server:register", Write, Server, Ep, RegisterServer, Account, true),
        new("GET", "/v3/sources", "ListServers", "sms:server:list", List, Server, Ep, QueryServer, Account, true),
        new("GET", "/v3/sources/{source_id}", "ShowServer", "sms:server:get", Read, Server, Ep, QueryServer, PathServer, true),
        new("PUT", "/v3/sources/{source_id}", "UpdateServerName", "sms:server:update", Write, Server, Ep, MigrationServer, PathServer, true),
        new("DELETE", "/v3/sources/{source_id}", "DeleteServer", "sms:server:delete", Write, Server, Ep, MigrationServer, PathServer, true),
        new("POST", "/v3/sources/delete", "DeleteServers", "sms:server:delete", Write, Server, Ep, MigrationServer, BodyServers, false),
        new("PUT", "/v3/sources/{source_id}/changestate", "UpdateCopyState", "sms:server:updateState", Write, Server, Ep, MigrationServer, PathServer, true),
        new("PUT", "/v3/sources/{source_id}/diskinfo", "UpdateDiskInfo", "sms:server:updateDiskInfo", Write, Server, Ep, RegisterServer, PathServer, true),
        new("GET", "/v3/sources/{source_id}/command", "ShowCommand", "sms:server:getCommand", Read, Server, Ep, MigrationServer, PathServer, true),
        new("POST", "/v3/sources/{source_id}/command_result", "UpdateCommandResult", "sms:server:updateCommandResult", Write, Server, Ep, MigrationServer, PathServer, true),
        new("GET", "/v3/sources/overview", "ShowOverview", "sms:server:overview", Read, Server, Ep, QueryServer, Account, true),
        new("GET", "/v3/errors", "ListErrorServers", "sms:server:listErrors", List, Server, Ep, QueryServer, Account, true),

        // Migration projects (reference §1.3): no source server, so account-level in OpenSms.
        new("POST", "/v3/migprojects", "CreateMigproject", "sms:migproject:create", Write, "migproject", null, MigrationServer, Account, true),
        new("GET", "/v3/migprojects", "ListMigprojects", "sms:migproject:list", List, "migproject", null, QueryServer, Account, false),
        new("GET", "/v3/migprojects/{mig_project_id}", "ShowMigproject", "sms:migproject:get", Read, "migproject", null, QueryServer, Account, false),
        new("PUT", "/v3/migprojects/{mig_project_id}", "UpdateMigproject", "sms:migproject:update", Write, "migproject", null, MigrationServer, Account, false),
        new("DELETE", "/v3/migprojects/{mig_project_id}", "DeleteMigproject", "sms:migproject:delete", Write, "migproject", null, MigrationServer, Account, false),
        new("PUT", "/v3/migprojects/{mig_project_id}/default", "UpdateDefaultMigproject", "sms:migproject:updateDefault", Write, "migproject", null, MigrationServer, Account, false),

        // Target VM templates (reference §1.4): account-level in OpenSms too.
        new("POST", "/v3/vm/templates", "CreateTemplate", "sms:template:create", Write, "template", null, MigrationServer, Account, true),
        new("GET", "/v3/vm/templates", "ListTemplates", "sms:template:list", List, "template", null, QueryServer, Account, true),
        new("GET", "/v3/vm/templates/{id}", "ShowTemplate", "sms:template:get", Read, "template", null, QueryServer, Account, true),
        new("PUT", "/v3/vm/templates/{id}", "UpdateTemplate", "sms:template:update", Write, "template", null, MigrationServer, Account, false),
        new("DELETE", "/v3/vm/templates/{id}", "DeleteTemplate", "sms:template:delete", Write, "template", null, MigrationServer, Account, false),
        new("POST", "/v3/vm/templates/delete", "DeleteTemplates", "sms:template:batchDelete", Write, "template", null, null, Account, true),
        new("GET", "/v3/vm/templates/{id}/target-password", "ShowTargetPassword", "sms:template:getTargetPassword", Read, "template", null, QueryServer, Account, true),

        // Miscellaneous (reference §1.5)
        new("GET", "/v3/config", "ShowConfig", "sms:server:getConfig", Read, null, null, QueryServer, Account, false),
        new("GET", "/v3/privacy-agreements", "ShowPrivacyAgreements", "sms:server:getPrivacyAgreement", Read, null, null, QueryServer, Account, false),
        new("POST", "/v3/privacy-agreements", "CreatePrivacyAgreements", "sms:server:createPrivacyAgreement", Write, null, null, MigrationServer, Account, false),

        // OpenSms extensions to SMS
        new("GET", "/v3/opensms/tasks/{task_id}/speed-limit/timeline", "ShowSpeedLimitTimeline", "sms:server:getTaskSpeedLimit", Read, Server, Ep, QueryServer, PathServer, false),
        new("GET", "/v3/opensms/tasks/{task_id}/overspeed-events", "ListOverSpeedEvents", "sms:server:getTask", Read, Server, Ep, QueryServer, PathServer, false),
        new("GET", "/v3/opensms/tasks/{task_id}/samples", "ListTaskSamples", "sms:server:getTask", Read, Server, Ep, QueryServer, PathServer, false),
        // Account-level to open; each event is then shown only if ShowTask's check passes for its task.
        new("GET", "/v3/opensms/events", "ListEvents", "sms:server:listEvents", List, Server, Ep, QueryServer, Account, false),
        // Webhooks hear every task of the account, so they are account-level: no server, no enterprise project.
        new("POST", "/v3/opensms/webhooks", "CreateWebhook", "opensms:webhooks:create", Write, null, null, null, Account, false),
        new("GET", "/v3/opensms/webhooks", "ListWebhooks", "opensms:webhooks:list", List, null, null, null, Account, false),
        new("GET", "/v3/opensms/webhooks/{webhook_id}", "ShowWebhook", "opensms:webhooks:get", Read, null, null, null, Account, false),
        new("DELETE", "/v3/opensms/webhooks/{webhook_id}", "DeleteWebhook", "opensms:webhooks:delete", Write, null, null, null, Account, false),
        new("GET", "/v3/opensms/webhooks/{webhook_id}/deliveries", "ListWebhookDeliveries", "opensms:webhooks:listDeliveries", List, null, null, null, Account, false),

        // Identity (IAM-compatible subset) and tenancy; account-level, no resource
        new("POST", "/v3/users", "CreateUser", "iam:users:createUser", Write, null, null, null, Account, false),
        new("GET", "/v3/users", "ListUsers", "iam:users:listUsers", List, null, null, null, Account, false),
        new("GET", "/v3/users/{user_id}", "ShowUser", "iam:users:getUser", Read, null, null, null, Account, false),
        new("DELETE", "/v3/users/{user_id}", "DeleteUser", "iam:users:deleteUser", Write, null, null, null, Account, false),
        new("POST", "/v1.0/enterprise-projects", "CreateEnterpriseProject", "eps:enterpriseProjects:create", Write, null, null, null, Account, false),
        new("GET", "/v1.0/enterprise-projects", "ListEnterpriseProject", "eps:enterpriseProjects:list", List, null, null, null, Account, false),
        new("POST", "/v5/policies", "CreatePolicyV5", "iam:policies:create", Write, null, null, null, Account, false),
        new("GET", "/v5/policies", "ListPoliciesV5", "iam:policies:list", List, null, null, null, Account, false),
        new("GET", "/v5/policies/{policy_id}", "GetPolicyV5", "iam:policies:get", Read, null, null, null, Account, false),
        new("DELETE", "/v5/policies/{policy_id}", "DeletePolicyV5", "iam:policies:delete", Write, null, null, null, Account, false),
        new("POST", "/v5/policies/{policy_id}/attach-user", "AttachUserPolicyV5", "iam:policies:attachToUser", Write, null, null, null, Account, false),
        new("POST", "/v5/policies/{policy_id}/detach-user", "DetachUserPolicyV5", "iam:policies:detachFromUser", Write, null, null, null, Account, false),
        new("POST", "/v5/authorization-messages/decode", "DecodeAuthorizationMessage", "iam:authorizationMessages:decode", Read, null, null, null, Account, false),
        new("POST", "/v3.0/OS-CREDENTIAL/credentials", "CreatePermanentAccessKey", "iam:credentials:createCredential", Write, null, null, null, Account, false),
        new("GET", "/v3.0/OS-CREDENTIAL/credentials", "ListPermanentAccessKeys", "iam:credentials:listCredentials", List, null, null, null, Account, false),
        new("DELETE", "/v3.0/OS-CREDENTIAL/credentials/{access}", "DeletePermanentAccessKey", "iam:credentials:deleteCredential", Write, null, null, null, Account, false),
        new("GET", "/v3/opensms/audit", "ListAudit", "opensms:audit:list", List, null, null, null, Account, false),
        new("POST", "/v3/opensms/accounts", "CreateAccount", "opensms:accounts:create", Write, null, null, null, Account, false),
        new("GET", "/v3/opensms/accounts", "ListAccounts", "opensms:accounts:list", List, null, null, null, Account, false),
        new("DELETE", "/v3/opensms/accounts/{account_id}", "DeleteAccount", "opensms:accounts:delete", Write, null, null, null, Account, false),
    ];

    /// <summary>
    /// The entry for an endpoint. Path parameters match whatever their names (<c>{id}</c> and
    /// <c>{source_id}</c> alike) so the server may pass its own route template as it stands.
    /// </summary>
    public static CatalogueEntry? Find(string method, string routeTemplate)
    {
        foreach (var entry in All)
            if (string.Equals(entry.Method, method, StringComparison.OrdinalIgnoreCase) && SameRoute(entry.Route, routeTemplate))
                return entry;
        return null;
    }

    static bool SameRoute(string a, string b)
    {
        var left = a.Trim('/').Split('/');
        var right = b.Trim('/').Split('/');
        if (left.Length != right.Length) return false;
        for (var i = 0; i < left.Length; i++)
        {
            var bothParameters = IsParameter(left[i]) && IsParameter(right[i]);
            if (!bothParameters && !string.Equals(left[i], right[i], StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');
}
