namespace OpenSms.Core.Iam;

/// <summary>What a caller is trying to do, as the evaluator sees it.</summary>
/// <param name="Action">The action, e.g. <c>sms:server:updateTaskProgress</c> (<see cref="ActionCatalogue"/> names one per endpoint).</param>
public sealed record AuthorizationRequest(string Action)
{
    static readonly Dictionary<string, IReadOnlyList<string>> NoContext = [];

    /// <summary>
    /// Other names of the action (e.g. <c>sms:server:migrationServer</c>): a statement naming an alias
    /// applies exactly as if it named the action, for Allow and Deny alike.
    /// </summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The resource URN (<see cref="ResourceUrn.ForServer"/>), or null for account-level actions.</summary>
    public string? Resource { get; init; }

    /// <summary>Condition key values (<see cref="ConditionKeys"/>); keys compare case-insensitively.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; init; } = NoContext;

    /// <summary>The account administrator, who is allowed everything without consulting any policy.</summary>
    public bool IsAccountAdmin { get; init; }
}
