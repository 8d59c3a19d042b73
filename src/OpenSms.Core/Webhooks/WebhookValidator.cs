using OpenSms.Core.Storage;

namespace OpenSms.Core.Webhooks;

/// <summary>The meaning checks of a new webhook: where it may point, what it may hear, how strong its secret must be.</summary>
public static class WebhookValidator
{
    public const int MinSecret = 16;
    public const int MaxSecret = 256;
    public const int MaxUrl = 2048;

    public static ValidationErrors Validate(string? url, IReadOnlyList<string>? events, string? secret)
    {
        var errors = new ValidationErrors();
        if (url is null) errors.Missing("url");
        else if (url.Length > MaxUrl || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            errors.Add("url", $"must be an absolute http or https URL of at most {MaxUrl} characters");
        if (events is null || events.Count == 0) errors.Add("events", $"must name at least one of {string.Join(", ", EventTypes.All)}");
        else
            for (var i = 0; i < events.Count; i++)
                if (events[i] is null) errors.Missing($"events[{i}]");
                else errors.OneOf($"events[{i}]", events[i], (IReadOnlyCollection<string>)EventTypes.All);
        if (secret is null) errors.Missing("secret");
        else errors.Length("secret", secret, MinSecret, MaxSecret);
        return errors;
    }
}
