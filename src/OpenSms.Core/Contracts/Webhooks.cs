namespace OpenSms.Core.Contracts;

/// <summary>POST /v3/opensms/webhooks (extension; docs/webhooks.md).</summary>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Secret);
