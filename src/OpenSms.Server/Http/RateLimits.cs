using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
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

    internal TokenBucketRateLimiterOptions ToOptions() => new()
    {
        TokenLimit = Burst, TokensPerPeriod = Requests, ReplenishmentPeriod = Period, QueueLimit = 0, AutoReplenishment = true,
    };
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
    /// <summary>The policy <c>PUT /v3/tasks/{task_id}/progress</c> names; every other endpoint falls under the global limiter.</summary>
    public const string ProgressPolicy = "progress";

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        // Data annotations do not reach nested objects: the buckets are checked here.
        services.AddOptions<RateLimitSettings>().BindConfiguration(RateLimitSettings.Section)
            .Validate(s => s.Default.IsValid && s.Progress.IsValid, "OpenSms:RateLimits: every bucket needs Requests and Burst of at least 1 and a Period over zero.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((o, settings) =>
        {
            var s = settings.Value;
            o.OnRejected = OnRejected;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !s.Enabled || context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null || PartitionOf(context) is not { } key
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetTokenBucketLimiter(key, _ => s.Default.ToOptions()));
            o.AddPolicy(ProgressPolicy, context =>
                !s.Enabled || PartitionOf(context) is not { } key
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetTokenBucketLimiter(key, _ => s.Progress.ToOptions()));
        });
        return services;
    }

    /// <summary>After authentication, so the partition is the caller; anonymous calls (sign-in, health) are not limited here.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    static string? PartitionOf(HttpContext context) => context.Features.Get<Caller>() is { } caller
        ? caller.AccessKey is { } access ? "ak:" + access : "user:" + caller.UserId
        : null;

    static async ValueTask OnRejected(OnRejectedContext rejected, CancellationToken ct)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        await SmsError.RateLimited(wait, "Rate limit exceeded; try again after the time in Retry-After.").ExecuteAsync(rejected.HttpContext);
    }
}
