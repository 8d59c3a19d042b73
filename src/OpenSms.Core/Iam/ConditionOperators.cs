using System.Globalization;

namespace OpenSms.Core.Iam;

/// <summary>Operator names, the values each accepts, and the positive comparison behind each.</summary>
static class ConditionOperators
{
    const string AnyPrefix = "ForAnyValue:";
    const string AllPrefix = "ForAllValues:";
    const string IfExistsSuffix = "IfExists";

    static readonly Dictionary<string, ConditionOperator> ByName =
        Enum.GetValues<ConditionOperator>().ToDictionary(o => o.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Splits <c>ForAnyValue:StringEqualsIfExists</c> into its parts; names compare case-insensitively.</summary>
    public static bool TryParse(string text, out ConditionOperator op, out KeySetQualifier qualifier, out bool ifExists)
    {
        var name = text;
        qualifier = KeySetQualifier.None;
        if (name.StartsWith(AnyPrefix, StringComparison.OrdinalIgnoreCase))
        {
            qualifier = KeySetQualifier.ForAnyValue;
            name = name[AnyPrefix.Length..];
        }
        else if (name.StartsWith(AllPrefix, StringComparison.OrdinalIgnoreCase))
        {
            qualifier = KeySetQualifier.ForAllValues;
            name = name[AllPrefix.Length..];
        }
        ifExists = name.EndsWith(IfExistsSuffix, StringComparison.OrdinalIgnoreCase);
        if (ifExists) name = name[..^IfExistsSuffix.Length];
        // Null tests presence itself, so "only if present" and per-value quantifiers mean nothing for it.
        return ByName.TryGetValue(name, out op) &&
            !(op == ConditionOperator.Null && (ifExists || qualifier != KeySetQualifier.None));
    }

    /// <summary>Negated operators hold when the positive comparison finds no match.</summary>
    public static bool IsNegated(ConditionOperator op) => op is
        ConditionOperator.StringNotEquals or ConditionOperator.StringNotEqualsIgnoreCase or
        ConditionOperator.StringNotLike or ConditionOperator.NumberNotEquals or
        ConditionOperator.DateNotEquals or ConditionOperator.NotIpAddress;

    /// <summary>Why a policy value is unusable with this operator, or null when it is fine.</summary>
    public static string? CheckValue(ConditionOperator op, string value) => op switch
    {
        ConditionOperator.Bool or ConditionOperator.Null =>
            TryParseBool(value, out _) ? null : $"\"{value}\" must be true or false",
        >= ConditionOperator.NumberEquals and <= ConditionOperator.NumberGreaterThanEquals =>
            TryParseNumber(value, out _) ? null : $"\"{value}\" is not a number",
        >= ConditionOperator.DateEquals and <= ConditionOperator.DateGreaterThanEquals =>
            TryParseDate(value, out _) ? null : $"\"{value}\" is not an ISO-8601 date-time or epoch seconds",
        ConditionOperator.IpAddress or ConditionOperator.NotIpAddress =>
            IpRange.TryParse(value, out _) ? null : $"\"{value}\" is not an IP address or CIDR block",
        _ => null,
    };

    /// <summary>
    /// The positive comparison of one request value with one policy value (for negated operators, the
    /// comparison they negate). A request value of the wrong type never matches.
    /// </summary>
    public static bool Matches(ConditionOperator op, string requestValue, string policyValue) => op switch
    {
        ConditionOperator.StringEquals or ConditionOperator.StringNotEquals =>
            string.Equals(requestValue, policyValue, StringComparison.Ordinal),
        ConditionOperator.StringEqualsIgnoreCase or ConditionOperator.StringNotEqualsIgnoreCase =>
            string.Equals(requestValue, policyValue, StringComparison.OrdinalIgnoreCase),
        ConditionOperator.StringLike or ConditionOperator.StringNotLike =>
            Wildcard.IsMatch(policyValue, requestValue, ignoreCase: false),
        ConditionOperator.Bool =>
            TryParseBool(requestValue, out var b) && TryParseBool(policyValue, out var want) && b == want,
        >= ConditionOperator.NumberEquals and <= ConditionOperator.NumberGreaterThanEquals =>
            TryParseNumber(requestValue, out var n) && TryParseNumber(policyValue, out var limit) &&
            Compare(op, n.CompareTo(limit)),
        >= ConditionOperator.DateEquals and <= ConditionOperator.DateGreaterThanEquals =>
            TryParseDate(requestValue, out var d) && TryParseDate(policyValue, out var at) &&
            Compare(op, d.CompareTo(at)),
        ConditionOperator.IpAddress or ConditionOperator.NotIpAddress =>
            IpRange.TryParse(policyValue, out var range) && range.Contains(requestValue),
        _ => false,
    };

    static bool Compare(ConditionOperator op, int order) => op switch
    {
        ConditionOperator.NumberEquals or ConditionOperator.NumberNotEquals or
            ConditionOperator.DateEquals or ConditionOperator.DateNotEquals => order == 0,
        ConditionOperator.NumberLessThan or ConditionOperator.DateLessThan => order < 0,
        ConditionOperator.NumberLessThanEquals or ConditionOperator.DateLessThanEquals => order <= 0,
        ConditionOperator.NumberGreaterThan or ConditionOperator.DateGreaterThan => order > 0,
        ConditionOperator.NumberGreaterThanEquals or ConditionOperator.DateGreaterThanEquals => order >= 0,
        _ => false,
    };

    public static bool TryParseBool(string text, out bool value) => bool.TryParse(text, out value);

    static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>ISO-8601 (no offset means UTC) or whole epoch seconds, as IAM accepts both.</summary>
    static bool TryParseDate(string text, out DateTimeOffset value)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
            seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            value = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }
        // DateTimeOffset.TryParse alone would also take "1/2/2026"; insist on yyyy-MM-dd first.
        value = default;
        return text.Length >= 10 && text[4] == '-' && text[7] == '-' &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
