namespace OpenSms.Core.Iam;

/// <summary>Resource URNs as 5.0 policies name them: <c>service:region:account_id:type:id</c>.</summary>
public static class ResourceUrn
{
    /// <summary>The URN of a source server: <c>sms:&lt;region&gt;:&lt;account_id&gt;:server:&lt;source_server_id&gt;</c>.</summary>
    public static string ForServer(string region, string accountId, string sourceServerId) =>
        $"sms:{region}:{accountId}:server:{sourceServerId}";

    /// <summary>A <c>Resource</c> pattern is <c>*</c> or five non-empty segments, each may hold wildcards.</summary>
    public static bool IsValidPattern(string pattern) =>
        pattern == "*" ||
        (pattern.Split(':') is { Length: 5 } segments && segments.All(s => s.Length > 0 && !s.Any(char.IsWhiteSpace)));
}
