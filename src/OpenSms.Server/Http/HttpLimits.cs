using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace OpenSms.Server.Http;

/// <summary>
/// Kestrel's limits on what one connection may send and how slowly (<c>OpenSms:Http</c>,
/// docs/configuration.md). Every request OpenSms takes is a small JSON body, so the body limit is
/// the contract's 64 KiB.
/// </summary>
public sealed class HttpLimits
{
    public const string Section = "OpenSms:Http";

    /// <summary>All request headers together; past it Kestrel answers 431. A token is under 1 KiB, a signed request's headers a few.</summary>
    [Range(4 * 1024, 1024 * 1024)] public int MaxRequestHeadersTotalSize { get; set; } = 16 * 1024;

    [Range(8, 1000)] public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>Past it Kestrel stops reading and the request gets 413 SMS.2004.</summary>
    [Range(1024, 64 * 1024 * 1024)] public long MaxRequestBodySize { get; set; } = JsonBody.MaxBytes;

    /// <summary>A client must have sent all headers within this time, or Kestrel answers 408 and closes the connection.</summary>
    [Range(1, 600)] public int RequestHeadersTimeoutSeconds { get; set; } = 15;

    /// <summary>An idle keep-alive connection is closed after this.</summary>
    [Range(1, 3600)] public int KeepAliveTimeoutSeconds { get; set; } = 120;

    /// <summary>A body arriving slower than this (after the grace period) is cut off; 0 turns the check off.</summary>
    [Range(0, 1024 * 1024)] public int MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>Kestrel needs more than its one-second heartbeat here.</summary>
    [Range(2, 600)] public int MinRequestBodyGraceSeconds { get; set; } = 5;

    public void ApplyTo(KestrelServerLimits limits)
    {
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.MaxRequestBodySize = MaxRequestBodySize;
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(RequestHeadersTimeoutSeconds);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(KeepAliveTimeoutSeconds);
        limits.MinRequestBodyDataRate = MinRequestBodyBytesPerSecond == 0
            ? null
            : new MinDataRate(MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(MinRequestBodyGraceSeconds));
    }
}

public static class HttpLimitsSetup
{
    public static WebApplicationBuilder AddHttpLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HttpLimits>().BindConfiguration(HttpLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpLimits>>((kestrel, limits) => limits.Value.ApplyTo(kestrel.Limits));
        return builder;
    }
}
