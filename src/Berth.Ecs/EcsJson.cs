using System.Text.Json.Serialization;
using Berth.Ecs.Api;
using Berth.Ecs.Model;
using Berth.Kernel.Json;

namespace Berth.Ecs;

/// <summary>
/// ECS's JSON contracts, the same on the wire and in the store: the botocore model's names (camelCase), absent
/// members left out, timestamps as epoch seconds.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Cluster))]
[JsonSerializable(typeof(AccountSetting))]
[JsonSerializable(typeof(TaskDefinition))]
[JsonSerializable(typeof(TaskRecord))]
[JsonSerializable(typeof(EcsTask))]
[JsonSerializable(typeof(IdempotencyRecord))]
[JsonSerializable(typeof(ServiceRecord))]
[JsonSerializable(typeof(CreateClusterRequest))]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(UpdateClusterRequest))]
[JsonSerializable(typeof(PutClusterCapacityProvidersRequest))]
[JsonSerializable(typeof(DescribeClustersRequest))]
[JsonSerializable(typeof(DescribeClustersResponse))]
[JsonSerializable(typeof(ListRequest))]
[JsonSerializable(typeof(ListClustersResponse))]
[JsonSerializable(typeof(ClusterRequest))]
[JsonSerializable(typeof(RegisterTaskDefinitionRequest))]
[JsonSerializable(typeof(TaskDefinitionResponse))]
[JsonSerializable(typeof(DescribeTaskDefinitionRequest))]
[JsonSerializable(typeof(ListTaskDefinitionsRequest))]
[JsonSerializable(typeof(ListTaskDefinitionsResponse))]
[JsonSerializable(typeof(ListTaskDefinitionFamiliesRequest))]
[JsonSerializable(typeof(ListTaskDefinitionFamiliesResponse))]
[JsonSerializable(typeof(TaskDefinitionRequest))]
[JsonSerializable(typeof(DeleteTaskDefinitionsRequest))]
[JsonSerializable(typeof(DeleteTaskDefinitionsResponse))]
[JsonSerializable(typeof(RunTaskRequest))]
[JsonSerializable(typeof(TasksResponse))]
[JsonSerializable(typeof(StopTaskRequest))]
[JsonSerializable(typeof(TaskResponse))]
[JsonSerializable(typeof(DescribeTasksRequest))]
[JsonSerializable(typeof(ListTasksRequest))]
[JsonSerializable(typeof(ListTasksResponse))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(TagsResponse))]
[JsonSerializable(typeof(CreateServiceRequest))]
[JsonSerializable(typeof(UpdateServiceRequest))]
[JsonSerializable(typeof(ServiceResponse))]
[JsonSerializable(typeof(DeleteServiceRequest))]
[JsonSerializable(typeof(DescribeServicesRequest))]
[JsonSerializable(typeof(DescribeServicesResponse))]
[JsonSerializable(typeof(ListServicesRequest))]
[JsonSerializable(typeof(ListServicesResponse))]
[JsonSerializable(typeof(ListServicesByNamespaceRequest))]
[JsonSerializable(typeof(AccountSettingRequest))]
[JsonSerializable(typeof(AccountSettingResponse))]
[JsonSerializable(typeof(ListAccountSettingsResponse))]
[JsonSerializable(typeof(DescribeCapacityProvidersRequest))]
[JsonSerializable(typeof(DescribeCapacityProvidersResponse))]
[JsonSerializable(typeof(CapacityProviderRequest))]
[JsonSerializable(typeof(AttributesRequest))]
[JsonSerializable(typeof(ListAttributesResponse))]
[JsonSerializable(typeof(AttributesResponse))]
[JsonSerializable(typeof(ContainerInstancesRequest))]
[JsonSerializable(typeof(DescribeContainerInstancesResponse))]
[JsonSerializable(typeof(ListContainerInstancesResponse))]
[JsonSerializable(typeof(TaskSetRequest))]
internal sealed partial class EcsJson : JsonSerializerContext;
