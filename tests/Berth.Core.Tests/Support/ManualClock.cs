namespace Berth.Core.Tests.Support;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset _now = start;

    public ManualClock()
        : this(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000))
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public long NowMs => _now.ToUnixTimeMilliseconds();

    public void Advance(TimeSpan by) => _now += by;
}
