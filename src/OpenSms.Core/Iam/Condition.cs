namespace OpenSms.Core.Iam;

/// <summary>One key of one operator of a statement's <c>Condition</c> block.</summary>
/// <param name="OperatorText">The operator as written, e.g. <c>ForAnyValue:StringEqualsIfExists</c>.</param>
/// <param name="Operator">The base operator.</param>
/// <param name="Qualifier">The <c>ForAnyValue:</c> / <c>ForAllValues:</c> prefix, if any.</param>
/// <param name="IfExists">The <c>IfExists</c> suffix: an absent key makes the condition true.</param>
/// <param name="Key">The condition key as written (keys compare case-insensitively).</param>
/// <param name="Values">The policy's values; one must match (for negated operators, none may).</param>
public sealed record Condition(
    string OperatorText,
    ConditionOperator Operator,
    KeySetQualifier Qualifier,
    bool IfExists,
    string Key,
    IReadOnlyList<string> Values);

/// <summary>How the request's values of a multi-valued key are quantified.</summary>
public enum KeySetQualifier
{
    /// <summary>No prefix: the key is treated as one value (any of several may match).</summary>
    None,

    /// <summary><c>ForAnyValue:</c> at least one request value must satisfy the operator.</summary>
    ForAnyValue,

    /// <summary><c>ForAllValues:</c> every request value must satisfy it; an absent or empty key does.</summary>
    ForAllValues,
}

/// <summary>The condition operators, without prefix or <c>IfExists</c> suffix.</summary>
public enum ConditionOperator
{
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    Bool,
    Null,
    NumberEquals,
    NumberNotEquals,
    NumberLessThan,
    NumberLessThanEquals,
    NumberGreaterThan,
    NumberGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    IpAddress,
    NotIpAddress,
}
