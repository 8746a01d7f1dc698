using Berth.Kernel;

namespace Berth.Logs.Retention;

/// <summary>The retention periods CloudWatch Logs accepts, in days (PutRetentionPolicy's retentionInDays).</summary>
public static class RetentionDays
{
    public static readonly IReadOnlyList<int> Allowed =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    public static int Validate(int? days)
    {
        if (days is not { } d)
            throw AwsException.InvalidParameter("retentionInDays is required.");
        if (!Allowed.Contains(d))
            throw AwsException.InvalidParameter(
                $"1 validation error detected: Value '{d}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", Allowed)}]");
        return d;
    }
}
