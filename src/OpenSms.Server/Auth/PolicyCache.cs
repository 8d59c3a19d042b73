using System.Collections.Concurrent;
using System.Text.Json;
using OpenSms.Core;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Auth;

/// <summary>
/// Each user's attached policies, read once and kept until an attach, detach or delete changes
/// them, so authorizing a request reads no database.
/// </summary>
public sealed class PolicyCache(IIamStore iam)
{
    readonly ConcurrentDictionary<string, IReadOnlyList<StoredPolicy>> byUser = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<StoredPolicy>> ForUserAsync(string userId, CancellationToken ct)
    {
        if (byUser.TryGetValue(userId, out var cached)) return cached;
        var loaded = await iam.ListUserPoliciesAsync(userId, ct);
        byUser[userId] = loaded;
        return loaded;
    }

    public void Invalidate(string userId) => byUser.TryRemove(userId, out _);

    public static ValidationErrors Validate(string document)
    {
        var errors = new ValidationErrors();
        try
        {
            using var doc = JsonDocument.Parse(document);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) errors.Add("Version", "the document must be a JSON object");
        }
        catch (JsonException)
        {
            errors.Add("Version", "the document is not valid JSON");
        }
        return errors;
    }
}
