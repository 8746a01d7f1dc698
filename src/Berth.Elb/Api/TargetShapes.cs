namespace Berth.Elb.Api;

// RegisterTargets, DeregisterTargets and DescribeTargetHealth on the wire, members as in the botocore model.

/// <summary>RegisterTargets and DeregisterTargets.</summary>
internal sealed record TargetsInput
{
    public string? TargetGroupArn { get; set; }
    public List<TargetDescription>? Targets { get; set; }
}

internal sealed record DescribeTargetHealthInput
{
    public string? TargetGroupArn { get; set; }
    public List<TargetDescription>? Targets { get; set; }
    public List<string>? Include { get; set; }
}

/// <summary>A target as sent (Id and Port are what Berth reads) and as DescribeTargetHealth shows it.</summary>
internal sealed record TargetDescription
{
    public string? Id { get; set; }
    public int? Port { get; set; }
    public string? AvailabilityZone { get; set; }

    public TargetRef ToRef() => new(Id, Port, AvailabilityZone);
}

internal sealed record DescribeTargetHealthOutput(List<TargetHealthDescriptionShape> TargetHealthDescriptions);

internal sealed record TargetHealthDescriptionShape(TargetDescription Target, string HealthCheckPort, TargetHealth TargetHealth)
{
    public static TargetHealthDescriptionShape From(TargetHealthDescription d) =>
        new(new TargetDescription { Id = d.Id, Port = d.Port, AvailabilityZone = d.AvailabilityZone }, d.HealthCheckPort, d.Health);
}
