namespace OpenSms.Server.Http;

/// <summary>
/// One caller's token bucket: <see cref="BucketSettings.Burst"/> requests at once, and
/// <see cref="BucketSettings.Requests"/> more for every whole <see cref="BucketSettings.Period"/>
/// that passes, never above the burst. Taking and refilling are compare-and-swap loops, not a lock:
/// a whole fleet of agents reports with one key, so every one of its requests takes from the same
/// bucket, and on a few cores a lock holder that is descheduled stalls all the others.
/// </summary>
public sealed class TokenBucket
{
    readonly long burst;
    readonly long perPeriod;
    readonly long periodTicks;
    readonly long frequency;
    long tokens;
    long refilledAt;

    /// <summary>A full bucket as of <paramref name="now"/>, a timestamp in <paramref name="frequency"/> ticks per second (TimeProvider.GetTimestamp).</summary>
    public TokenBucket(BucketSettings settings, long now, long frequency)
    {
        burst = settings.Burst;
        perPeriod = settings.Requests;
        periodTicks = Math.Max(1, (long)(settings.Period.TotalSeconds * frequency));
        tokens = burst;
        refilledAt = now;
        this.frequency = frequency;
    }

    /// <summary>Takes one request's token; when there is none, says how long until the next refill.</summary>
    public bool TryTake(long now, out TimeSpan retryAfter)
    {
        Refill(now);
        while (true)
        {
            var left = Volatile.Read(ref tokens);
            if (left <= 0)
            {
                var wait = Volatile.Read(ref refilledAt) + periodTicks - now;
                retryAfter = TimeSpan.FromSeconds((double)Math.Max(wait, 0) / frequency);
                return false;
            }
            if (Interlocked.CompareExchange(ref tokens, left - 1, left) == left)
            {
                retryAfter = TimeSpan.Zero;
                return true;
            }
        }
    }

    /// <summary>Whether the bucket is full at <paramref name="now"/>: then it is no different from a new one.</summary>
    public bool IsFull(long now)
    {
        Refill(now);
        return Volatile.Read(ref tokens) >= burst;
    }

    void Refill(long now)
    {
        var last = Volatile.Read(ref refilledAt);
        var periods = (now - last) / periodTicks;
        if (periods <= 0) return;
        // Whoever moves the refill time forward credits the periods it passed, exactly once.
        if (Interlocked.CompareExchange(ref refilledAt, last + periods * periodTicks, last) != last) return;
        var added = periods >= burst ? burst : Math.Min(burst, periods * perPeriod);
        while (true)
        {
            var left = Volatile.Read(ref tokens);
            if (Interlocked.CompareExchange(ref tokens, Math.Min(burst, left + added), left) == left) return;
        }
    }
}
