namespace Berth.Ecs.Scheduling;

/// <summary>
/// The deployment circuit breaker and the launch back-off, as pure functions of counts and time.
/// </summary>
public static class CircuitBreaker
{
    /// <summary>ECS's failure threshold: half the desired count (rounded up), at least 3, at most 200.</summary>
    public static int Threshold(int desiredCount) => Math.Clamp((desiredCount + 1) / 2, 3, 200);

    public static bool Tripped(int failedTasks, int desiredCount) => failedTasks >= Threshold(desiredCount);

    /// <summary>How long to wait before the next launch after <paramref name="consecutiveFailures"/> failed tasks in a row: 0, 1, 2, 4 ... 60 s.</summary>
    public static TimeSpan LaunchBackoff(int consecutiveFailures) =>
        consecutiveFailures <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(consecutiveFailures - 1, 6))));

    /// <summary>When ECS says a service "is unable to consistently start tasks successfully".</summary>
    public const int ThrottleWarningAfter = 3;
}
