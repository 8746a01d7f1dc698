namespace Berth.Elb;

/// <summary>The fixed values Berth reports where AWS would name network resources Berth does not have.</summary>
public static class ElbDefaults
{
    /// <summary>The one "VPC" every load balancer and target group is in (Berth's bridge network).</summary>
    public const string VpcId = "vpc-0b3e7a1f00000000a";

    /// <summary>The hosted zone AWS reports for application load balancers in us-east-1.</summary>
    public const string CanonicalHostedZoneId = "Z35SXDOTRQ7X7K";
}
