using Berth.Ecs.Model;

namespace Berth.Ecs.Api;

// Request and response shapes of the ECS service operations (botocore names, camelCase on the wire).

public sealed record ServiceResponse(EcsService Service);

public sealed record DeleteServiceRequest
{
    public string? Cluster { get; set; }
    public string? Service { get; set; }
    public bool? Force { get; set; }
}

public sealed record DescribeServicesRequest
{
    public string? Cluster { get; set; }
    public List<string>? Services { get; set; }
    public List<string>? Include { get; set; }
}

public sealed record DescribeServicesResponse(List<EcsService> Services, List<Failure> Failures);

public sealed record ListServicesRequest
{
    public string? Cluster { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
    public string? LaunchType { get; set; }
    public string? SchedulingStrategy { get; set; }
    public string? ResourceManagementType { get; set; }
}

public sealed record ListServicesResponse(List<string> ServiceArns, string? NextToken);

/// <summary>The ECS <c>ListServicesByNamespaceRequest</c> shape.</summary>
public sealed record ListServicesByNamespaceRequest
{
    public string? Namespace { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
}
