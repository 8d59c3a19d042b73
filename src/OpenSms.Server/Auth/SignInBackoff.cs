using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OpenSms.Server.Auth;

/// <summary>How password guessing is slowed (<c>OpenSms:SignIn</c>, docs/configuration.md).</summary>
public sealed class SignInSettings
{
    public const string Section = "OpenSms:SignIn";

    /// <summary>Failed sign-ins in a row before the user's sign-ins are refused for a while.</summary>
    [Range(1, 1000)] public int MaxFailures { get; set; } = 5;

    /// <summary>The first refusal period; each further failure after one has run out doubles it.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Failed password sign-ins per user (account id and user name, whether or not the user exists, so
/// the refusal does not tell which names are real). While a user is backed off every sign-in for
/// that user is refused, the right password too; other users are not affected. Kept per instance.
/// </summary>
public sealed class SignInBackoff(IOptions<SignInSettings> options)
{
    // Guessed names of unknown users must not grow the table without end.
    const int MaxTracked = 100_000;

    readonly ConcurrentDictionary<string, (int Failures, int Locks, DateTimeOffset Until)> state = new(StringComparer.Ordinal);

    public static string Key(string accountId, string userName) => accountId + "\n" + userName;

    /// <summary>How long this user's sign-ins are still refused, or null when they are not.</summary>
    public TimeSpan? RetryAfter(string key, DateTimeOffset now) =>
        state.TryGetValue(key, out var s) && s.Until > now ? s.Until - now : null;

    public void RecordFailure(string key, DateTimeOffset now)
    {
        if (state.Count >= MaxTracked) Forget(now);
        var settings = options.Value;
        state.AddOrUpdate(key, _ => Next((0, 0, DateTimeOffset.MinValue)), (_, s) => Next(s));

        (int, int, DateTimeOffset) Next((int Failures, int Locks, DateTimeOffset Until) s)
        {
            var failures = s.Failures + 1;
            if (failures < settings.MaxFailures) return (failures, s.Locks, s.Until);
            // Doubling from the base: 30 s, 1 min, 2 min, ... up to the ceiling.
            var ticks = Math.Min(settings.Backoff.Ticks * Math.Pow(2, Math.Min(s.Locks, 30)), settings.MaxBackoff.Ticks);
            // One failure after a refusal has run out starts the next, longer one.
            return (settings.MaxFailures - 1, s.Locks + 1, now + TimeSpan.FromTicks((long)ticks));
        }
    }

    public void Reset(string key) => state.TryRemove(key, out _);

    void Forget(DateTimeOffset now)
    {
        // A user backed off recently keeps its count, so its next refusal still grows.
        var keep = options.Value.MaxBackoff;
        foreach (var (key, s) in state)
            if (s.Until <= now - keep) state.TryRemove(key, out _);
    }
}
