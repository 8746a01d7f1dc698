using Berth.Ecs.Services;
using Berth.Kernel.Protocol;

namespace Berth.Ecs.Api;

/// <summary>The ECS service operations: CreateService, UpdateService, DeleteService, DescribeServices, ListServices, ListServicesByNamespace.</summary>
public static class EcsServiceOperations
{
    public static void Register(ServiceOperations ops, EcsAccess a, ServiceService services)
    {
        var j = EcsJson.Default;
        ops.Add("CreateService", j.CreateServiceRequest, j.ServiceResponse, async (r, ct) =>
            new ServiceResponse(await services.CreateAsync(r, ct)),
            access: a.CreateService);
        ops.Add("UpdateService", j.UpdateServiceRequest, j.ServiceResponse, async (r, ct) =>
            new ServiceResponse(await services.UpdateAsync(r, ct)),
            access: r => a.Services("UpdateService", r.Cluster, [r.Service]));
        ops.Add("DeleteService", j.DeleteServiceRequest, j.ServiceResponse, async (r, ct) =>
            new ServiceResponse(await services.DeleteAsync(r.Cluster, r.Service, r.Force ?? false, ct)),
            access: r => a.Services("DeleteService", r.Cluster, [r.Service]));
        ops.Add("DescribeServices", j.DescribeServicesRequest, j.DescribeServicesResponse, async (r, ct) =>
        {
            var (found, failures) = await services.DescribeAsync(r.Cluster, r.Services, r.Include, ct);
            return new DescribeServicesResponse(found, failures);
        }, access: r => a.Services("DescribeServices", r.Cluster, r.Services ?? []));
        ops.Add("ListServices", j.ListServicesRequest, j.ListServicesResponse, async (r, ct) =>
        {
            var (arns, next) = await services.ListAsync(r.Cluster, r.LaunchType, r.SchedulingStrategy, r.NextToken, r.MaxResults, ct);
            return new ListServicesResponse(arns, next);
        }, access: r => a.InCluster("ListServices", r.Cluster));
        ops.Add("ListServicesByNamespace", j.ListServicesByNamespaceRequest, j.ListServicesResponse, async (r, ct) =>
        {
            var (arns, next) = await services.ListByNamespaceAsync(r.Namespace, r.NextToken, r.MaxResults, ct);
            return new ListServicesResponse(arns, next);
        });
    }
}
