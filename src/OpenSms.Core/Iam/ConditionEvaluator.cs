namespace OpenSms.Core.Iam;

/// <summary>
/// Decides a statement's <c>Condition</c> block against the request's context. Every condition must
/// hold (operators and keys are ANDed); within one key the policy's values are ORed.
/// </summary>
static class ConditionEvaluator
{
    public static bool AllHold(IReadOnlyList<Condition> conditions, IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        foreach (var condition in conditions)
            if (!Holds(condition, context)) return false;
        return true;
    }

    public static bool Holds(Condition c, IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        var values = Lookup(context, c.Key);
        var present = values is { Count: > 0 };
        if (c.Operator == ConditionOperator.Null)
            return ConditionOperators.TryParseBool(c.Values[0], out var wantAbsent) && wantAbsent != present;
        if (!present)
            // An empty set satisfies "for all values" vacuously; otherwise a missing key fails the
            // condition, negated operators included (stricter than AWS, see docs/iam.md).
            return c.IfExists || c.Qualifier == KeySetQualifier.ForAllValues;

        var negated = ConditionOperators.IsNegated(c.Operator);
        return c.Qualifier switch
        {
            KeySetQualifier.ForAllValues => values!.All(v => MatchesAny(c, v) != negated),
            KeySetQualifier.ForAnyValue => values!.Any(v => MatchesAny(c, v) != negated),
            _ => values!.Any(v => MatchesAny(c, v)) != negated,
        };
    }

    static bool MatchesAny(Condition c, string requestValue)
    {
        foreach (var policyValue in c.Values)
            if (ConditionOperators.Matches(c.Operator, requestValue, policyValue)) return true;
        return false;
    }

    /// <summary>Keys are case-insensitive whatever comparer the caller's dictionary uses.</summary>
    static IReadOnlyList<string>? Lookup(IReadOnlyDictionary<string, IReadOnlyList<string>> context, string key)
    {
        if (context.TryGetValue(key, out var exact)) return exact;
        foreach (var (k, v) in context)
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }
}
