namespace OpenSms.Core.Iam;

/// <summary>Why a request was allowed or refused.</summary>
public enum DecisionReason
{
    /// <summary>A statement that applies denies the action; no Allow can override it.</summary>
    ExplicitDeny,

    /// <summary>No statement that applies allows the action (implicit deny).</summary>
    NoAllow,

    /// <summary>A statement allows the action and none denies it.</summary>
    Allowed,

    /// <summary>The account administrator bypasses policies.</summary>
    AccountAdmin,
}

/// <summary>The statement a decision rests on, enough to build an encoded authorization message.</summary>
/// <param name="PolicyId">The policy holding the statement.</param>
/// <param name="PolicyName">Its name.</param>
/// <param name="StatementIndex">The statement's index in the policy's <c>Statement</c> array.</param>
/// <param name="StatementJson">The statement's JSON as written.</param>
public sealed record MatchedStatement(string PolicyId, string PolicyName, int StatementIndex, string StatementJson);

/// <summary>The outcome of <see cref="PolicyEvaluator.Evaluate"/>.</summary>
/// <param name="Allowed">Whether the request may proceed.</param>
/// <param name="Reason">Why.</param>
/// <param name="Statement">The deciding Deny, or the first Allow; null for NoAllow and AccountAdmin.</param>
public sealed record Decision(bool Allowed, DecisionReason Reason, MatchedStatement? Statement)
{
    public static readonly Decision AccountAdmin = new(true, DecisionReason.AccountAdmin, null);
    public static readonly Decision NoAllow = new(false, DecisionReason.NoAllow, null);
}
