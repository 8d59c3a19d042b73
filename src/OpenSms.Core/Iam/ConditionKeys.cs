using System.Globalization;

namespace OpenSms.Core.Iam;

/// <summary>The global condition keys OpenSms fills in, and a helper to build a request's context.</summary>
public static class ConditionKeys
{
    public const string EnterpriseProjectId = "g:EnterpriseProjectId";
    public const string UserId = "g:UserId";
    public const string UserName = "g:UserName";
    public const string DomainName = "g:DomainName";
    public const string DomainId = "g:DomainId";
    public const string CurrentTime = "g:CurrentTime";
    public const string SourceIp = "g:SourceIp";

    /// <summary>
    /// The standard keys for one request. Absent values are left out, so <c>Null</c> and
    /// <c>...IfExists</c> see them as absent. <paramref name="now"/> becomes <c>g:CurrentTime</c> in UTC.
    /// </summary>
    public static Dictionary<string, IReadOnlyList<string>> Standard(
        string? userId, string? userName, string? domainName, string? enterpriseProjectId, string? sourceIp, DateTimeOffset now)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            [CurrentTime] = [now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)],
        };
        Put(context, UserId, userId);
        Put(context, UserName, userName);
        Put(context, DomainName, domainName);
        Put(context, EnterpriseProjectId, enterpriseProjectId);
        Put(context, SourceIp, sourceIp);
        return context;
    }

    static void Put(Dictionary<string, IReadOnlyList<string>> context, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) context[key] = [value];
    }
}
