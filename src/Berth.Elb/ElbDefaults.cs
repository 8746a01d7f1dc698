namespace Berth.Elb;

/// <summary>The fixed values Berth reports that AWS reports for every application load balancer of a region.</summary>
public static class ElbDefaults
{
    /// <summary>The hosted zone AWS reports for application load balancers in us-east-1.</summary>
    public const string CanonicalHostedZoneId = "Z35SXDOTRQ7X7K";
}
