namespace OpenSms.Core.Iam;

/// <summary>A stored policy: its identity and its parsed document, ready to evaluate.</summary>
/// <param name="Id">The policy id (as in <c>/v5/policies/{policy_id}</c>); it names the policy in a decision.</param>
/// <param name="Name">The policy name, for messages.</param>
/// <param name="Document">The document as <see cref="PolicyParser.Parse"/> returned it.</param>
public sealed record Policy(string Id, string Name, PolicyDocument Document);

/// <summary>The two document grammars OpenSms accepts.</summary>
public enum PolicyVersion
{
    /// <summary><c>"1.1"</c>: role/policy-based; no <c>Resource</c>, so a statement covers every resource.</summary>
    RoleBased,

    /// <summary><c>"5.0"</c>: identity policies, with optional <c>Resource</c> URNs.</summary>
    Identity,
}

/// <summary>What a statement does when it applies.</summary>
public enum Effect
{
    /// <summary>Grants the action, unless some statement denies it.</summary>
    Allow,

    /// <summary>Refuses the action, whatever else allows it.</summary>
    Deny,
}

/// <summary>
/// A validated policy document. It and everything in it are read-only, so a parsed document can be
/// cached and shared between requests and threads.
/// </summary>
public sealed record PolicyDocument(PolicyVersion Version, IReadOnlyList<Statement> Statements);

/// <summary>One statement of a document.</summary>
/// <param name="Index">Its position in <c>Statement</c>, reported in decisions.</param>
/// <param name="Effect">Allow or Deny.</param>
/// <param name="Actions">Action patterns (<c>service:resource:action</c>, <c>*</c> and <c>?</c> wildcards).</param>
/// <param name="Resources">URN patterns, or null when the statement has no <c>Resource</c> (every resource).</param>
/// <param name="Conditions">Every condition must hold for the statement to apply.</param>
/// <param name="Json">The statement's own JSON text, quoted back in authorization messages.</param>
public sealed record Statement(
    int Index,
    Effect Effect,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string>? Resources,
    IReadOnlyList<Condition> Conditions,
    string Json);
