namespace OpenSms.Core.Iam;

/// <summary>
/// Decides a request against a principal's policies. Pure: no clock, no I/O; the caller supplies the
/// time and the source address as condition keys.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>
    /// The account administrator is allowed outright, like Huawei's account root: no policy, not even an
    /// explicit Deny, applies to it. Otherwise an applicable Deny wins over any Allow, and without an
    /// applicable Allow the request is refused.
    /// </summary>
    public static Decision Evaluate(AuthorizationRequest request, IEnumerable<Policy> policies)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policies);
        if (request.IsAccountAdmin) return Decision.AccountAdmin;

        MatchedStatement? allow = null;
        foreach (var policy in policies)
        {
            foreach (var statement in policy.Document.Statements)
            {
                // An Allow cannot change the outcome once one is found, so skip its conditions.
                if (statement.Effect == Effect.Allow && allow is not null) continue;
                if (!Applies(statement, policy.Document.Version, request)) continue;
                var match = new MatchedStatement(policy.Id, policy.Name, statement.Index, statement.Json);
                if (statement.Effect == Effect.Deny) return new Decision(false, DecisionReason.ExplicitDeny, match);
                allow = match;
            }
        }
        return allow is null ? Decision.NoAllow : new Decision(true, DecisionReason.Allowed, allow);
    }

    static bool Applies(Statement statement, PolicyVersion version, AuthorizationRequest request) =>
        MatchesAction(statement.Actions, request) &&
        (version == PolicyVersion.RoleBased || MatchesResource(statement.Resources, request.Resource)) &&
        ConditionEvaluator.AllHold(statement.Conditions, request.Context);

    static bool MatchesAction(IReadOnlyList<string> patterns, AuthorizationRequest request)
    {
        foreach (var pattern in patterns)
        {
            if (Wildcard.IsMatch(pattern, request.Action, ignoreCase: true)) return true;
            foreach (var alias in request.Aliases)
                if (Wildcard.IsMatch(pattern, alias, ignoreCase: true)) return true;
        }
        return false;
    }

    /// <summary>
    /// A statement without <c>Resource</c> covers everything. An account-level request (no resource) is
    /// covered only by <c>"*"</c>, as for IAM actions that support no resource-level permission.
    /// </summary>
    static bool MatchesResource(IReadOnlyList<string>? patterns, string? resource)
    {
        if (patterns is null) return true;
        foreach (var pattern in patterns)
        {
            if (pattern == "*") return true;
            if (resource is not null && Wildcard.IsMatch(pattern, resource, ignoreCase: false)) return true;
        }
        return false;
    }
}
