using System.Collections.Concurrent;
using OpenSms.Core;
using OpenSms.Core.Iam;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Auth;

/// <summary>
/// Each user's attached policies, parsed once and kept until an attach, detach or delete changes
/// them, so authorizing a request reads no database.
/// </summary>
public sealed class PolicyCache(IIamStore iam)
{
    readonly ConcurrentDictionary<string, IReadOnlyList<Policy>> byUser = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<Policy>> ForUserAsync(string userId, CancellationToken ct)
    {
        if (byUser.TryGetValue(userId, out var cached)) return cached;
        var loaded = new List<Policy>();
        foreach (var stored in await iam.ListUserPoliciesAsync(userId, ct))
        {
            // Stored documents were validated on create; one that no longer parses grants nothing.
            if (PolicyParser.Parse(stored.Document).Value is { } document) loaded.Add(new Policy(stored.Id, stored.Name, document));
        }
        byUser[userId] = loaded;
        return loaded;
    }

    public void Invalidate(string userId) => byUser.TryRemove(userId, out _);

    public static ValidationErrors Validate(string document) => PolicyParser.Parse(document).Errors ?? new ValidationErrors();
}
