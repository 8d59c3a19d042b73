using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OpenSms.Server.Auth;

namespace OpenSms.Server.Http;

/// <summary>One token bucket per caller: <see cref="Burst"/> requests at once, refilled by <see cref="Requests"/> every <see cref="Period"/>.</summary>
public sealed class BucketSettings
{
    [Range(1, 10_000_000)] public int Requests { get; set; }
    [Range(1, 10_000_000)] public int Burst { get; set; }
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    internal bool IsValid => Requests >= 1 && Burst >= 1 && Period > TimeSpan.Zero;
}

/// <summary>
/// Per-caller request limits (<c>OpenSms:RateLimits</c>, docs/configuration.md). A caller is the
/// access key of a signed request or the user of a token. Progress reports have their own, far
/// larger bucket: a whole fleet of agents usually reports with one key.
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "OpenSms:RateLimits";

    public bool Enabled { get; set; } = true;

    [Required] public BucketSettings Default { get; set; } = new() { Requests = 1_000, Burst = 2_000 };

    [Required] public BucketSettings Progress { get; set; } = new() { Requests = 50_000, Burst = 100_000 };
}

public static class RateLimits
{
    /// <summary>Endpoint metadata: the endpoint draws on the caller's progress bucket instead of the default one.</summary>
    public sealed class ProgressLimit;

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        // Data annotations do not reach nested objects: the buckets are checked here.
        services.AddOptions<RateLimitSettings>().BindConfiguration(RateLimitSettings.Section)
            .Validate(s => s.Default.IsValid && s.Progress.IsValid, "OpenSms:RateLimits: every bucket needs Requests and Burst of at least 1 and a Period over zero.")
            .ValidateOnStart();
        services.AddSingleton<CallerBuckets>();
        return services;
    }

    /// <summary>Limits an endpoint by the caller's progress bucket.</summary>
    public static TBuilder RequireProgressLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ProgressLimit());

    /// <summary>After authentication, so the bucket is the caller's; anonymous calls (sign-in, health) are not limited here.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.Use(next =>
    {
        // Resolved as the pipeline is built, when the host starts (after the settings are validated).
        if (!app.ApplicationServices.GetRequiredService<IOptions<RateLimitSettings>>().Value.Enabled) return next;
        var buckets = app.ApplicationServices.GetRequiredService<CallerBuckets>();
        return context =>
        {
            if (context.Features.Get<Caller>() is not { } caller) return next(context);
            var progress = context.GetEndpoint()?.Metadata.GetMetadata<ProgressLimit>() is not null;
            return buckets.TryTake(caller, progress, out var wait)
                ? next(context)
                : SmsError.RateLimited(wait, "Rate limit exceeded; try again after the time in Retry-After.").ExecuteAsync(context);
        };
    });
}

/// <summary>Every caller's buckets, found by the caller's access key or user id.</summary>
public sealed class CallerBuckets(IOptions<RateLimitSettings> options, TimeProvider clock)
{
    // Full buckets are dropped once this many are held: a full bucket behaves exactly as a new one.
    const int SweepAbove = 4096;

    readonly RateLimitSettings settings = options.Value;
    readonly ConcurrentDictionary<(bool AccessKey, string Id), TokenBucket> general = new();
    readonly ConcurrentDictionary<(bool AccessKey, string Id), TokenBucket> progress = new();

    public bool TryTake(Caller caller, bool forProgress, out TimeSpan retryAfter)
    {
        var (buckets, limits) = forProgress ? (progress, settings.Progress) : (general, settings.Default);
        var key = caller.AccessKey is { } access ? (true, access) : (false, caller.UserId);
        var now = clock.GetTimestamp();
        if (!buckets.TryGetValue(key, out var bucket))
        {
            if (buckets.Count >= SweepAbove) Sweep(buckets, now);
            bucket = buckets.GetOrAdd(key, static (_, state) => new TokenBucket(state.limits, state.now, state.frequency), (limits, now, frequency: clock.TimestampFrequency));
        }
        return bucket.TryTake(now, out retryAfter);
    }

    // A request that found a bucket just before it was dropped takes its token from the dropped
    // copy: at worst one request per such race more than the limit, never one refused wrongly.
    static void Sweep(ConcurrentDictionary<(bool, string), TokenBucket> buckets, long now)
    {
        foreach (var (key, bucket) in buckets)
            if (bucket.IsFull(now)) buckets.TryRemove(key, out _);
    }
}
