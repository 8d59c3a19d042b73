using System.Collections.Concurrent;

namespace OpenSms.Server.Auth;

/// <summary>Five consecutive bad signatures lock an access key for five minutes (APIGW.0302), as Huawei's gateway does.</summary>
public sealed class AkLockout
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockTime = TimeSpan.FromMinutes(5);

    readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset LockedUntil)> state = new(StringComparer.Ordinal);

    public bool IsLocked(string access, DateTimeOffset now) =>
        state.TryGetValue(access, out var s) && s.LockedUntil > now;

    public void RecordFailure(string access, DateTimeOffset now) =>
        state.AddOrUpdate(access, _ => (1, DateTimeOffset.MinValue), (_, s) =>
        {
            // After a lock has run out the count starts again.
            var failures = s.LockedUntil != DateTimeOffset.MinValue && s.LockedUntil <= now ? 1 : s.Failures + 1;
            return failures >= MaxFailures ? (0, now + LockTime) : (failures, s.LockedUntil > now ? s.LockedUntil : DateTimeOffset.MinValue);
        });

    public void Reset(string access) => state.TryRemove(access, out _);
}
