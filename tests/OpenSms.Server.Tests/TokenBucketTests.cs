using OpenSms.Server.Http;

namespace OpenSms.Server.Tests;

/// <summary>The per-caller token bucket behind OpenSms:RateLimits: the burst at once, then Requests per whole Period, never above the burst.</summary>
public sealed class TokenBucketTests
{
    // Timestamps in milliseconds: the bucket takes any frequency.
    const long Frequency = 1_000;

    static TokenBucket Bucket(int burst, int requests, double periodSeconds = 1) =>
        new(new BucketSettings { Burst = burst, Requests = requests, Period = TimeSpan.FromSeconds(periodSeconds) }, now: 0, Frequency);

    /// <summary>Each step: at this millisecond, take this many times; how many are granted, and the Retry-After of the first refusal.</summary>
    public static TheoryData<string, int, int, double, (long At, int Takes, int Granted, double? RetryAfterSeconds)[]> Cases => new()
    {
        { "a new bucket grants its burst, then refuses until the period has passed", 3, 1, 1, [(0, 4, 3, 1.0)] },
        { "the refusal waits for the rest of the period, not a whole one", 3, 1, 1, [(0, 3, 3, null), (400, 1, 0, 0.6)] },
        { "a whole period adds Requests tokens", 3, 1, 1, [(0, 3, 3, null), (1_000, 2, 1, 1.0)] },
        { "part of a period adds nothing", 3, 1, 1, [(0, 3, 3, null), (999, 1, 0, 0.001)] },
        { "several periods add several refills", 5, 1, 1, [(0, 5, 5, null), (2_500, 3, 2, 0.5)] },
        { "refills stop at the burst", 3, 1, 1, [(0, 1, 1, null), (100_000, 4, 3, 1.0)] },
        { "Requests above one refill that many per period", 10, 5, 1, [(0, 10, 10, null), (1_000, 6, 5, 1.0)] },
        { "a long period keeps a bucket empty", 2, 1, 3_600, [(0, 2, 2, null), (60_000, 1, 0, 3_540.0)] },
        { "time without takes does not bank more than the burst", 2, 2, 1, [(0, 2, 2, null), (1_500, 1, 1, null), (2_000, 3, 2, 1.0)] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ABucketGrantsAndRefusesByItsSettings(
        string rule, int burst, int requests, double periodSeconds, (long At, int Takes, int Granted, double? RetryAfterSeconds)[] steps)
    {
        var bucket = Bucket(burst, requests, periodSeconds);

        foreach (var step in steps)
        {
            var granted = 0;
            TimeSpan? firstRefusal = null;
            for (var i = 0; i < step.Takes; i++)
            {
                if (bucket.TryTake(step.At, out var wait)) granted++;
                else firstRefusal ??= wait;
            }

            Assert.True(step.Granted == granted, $"{rule}: at {step.At} ms granted {granted}, expected {step.Granted}");
            Assert.Equal(step.RetryAfterSeconds, firstRefusal?.TotalSeconds);
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(999, false)]
    [InlineData(1_000, true)]
    public void ABucketIsFullOnceItsTakesHaveBeenRefilled(long at, bool full)
    {
        var bucket = Bucket(burst: 2, requests: 1);
        Assert.True(bucket.TryTake(0, out _));

        Assert.Equal(full, bucket.IsFull(at));
    }

    [Fact]
    public async Task ConcurrentTakesNeverGrantMoreThanTheBurst()
    {
        var bucket = Bucket(burst: 10_000, requests: 1);
        var granted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
                if (bucket.TryTake(0, out _)) Interlocked.Increment(ref granted);
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(10_000, granted);
    }
}
