using Berth.Ecs.Scheduling;

namespace Berth.Ecs.Tests.Scheduling;

public sealed class CircuitBreakerTests
{
    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(6, 3)]
    [InlineData(7, 4)]
    [InlineData(10, 5)]
    [InlineData(399, 200)]
    [InlineData(5000, 200)]
    public void Threshold_IsHalfTheDesiredCountWithinThreeAndTwoHundred(int desired, int expected) =>
        Assert.Equal(expected, CircuitBreaker.Threshold(desired));

    [Fact]
    public void Tripped_AtTheThresholdNotBefore()
    {
        Assert.False(CircuitBreaker.Tripped(2, 2));
        Assert.True(CircuitBreaker.Tripped(3, 2));
        Assert.False(CircuitBreaker.Tripped(4, 10));
        Assert.True(CircuitBreaker.Tripped(5, 10));
    }

    [Fact]
    public void LaunchBackoff_GrowsAndIsCapped()
    {
        Assert.Equal(TimeSpan.Zero, CircuitBreaker.LaunchBackoff(0));
        var delays = Enumerable.Range(1, 12).Select(CircuitBreaker.LaunchBackoff).ToList();
        Assert.Equal(TimeSpan.FromSeconds(1), delays[0]);
        Assert.Equal(TimeSpan.FromSeconds(2), delays[1]);
        Assert.Equal(TimeSpan.FromSeconds(4), delays[2]);
        for (var i = 1; i < delays.Count; i++)
            Assert.True(delays[i] >= delays[i - 1]);
        Assert.Equal(TimeSpan.FromSeconds(60), delays[^1]);
    }
}
