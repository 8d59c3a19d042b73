namespace OpenSms.Server.Tests;

/// <summary>A clock that stands still until the test moves it, so receive times are exact.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    readonly Lock gate = new();
    DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate) return now;
    }

    public void Advance(TimeSpan by)
    {
        lock (gate) now += by;
    }
}
