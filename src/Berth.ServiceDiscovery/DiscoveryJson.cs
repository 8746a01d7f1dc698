using System.Text.Json.Serialization;
using Berth.Kernel.Json;
using Berth.ServiceDiscovery.Api;

namespace Berth.ServiceDiscovery;

/// <summary>Cloud Map's JSON contracts, in the store and on the wire: PascalCase as the model names them, epoch-second times.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(DiscoveryService))]
[JsonSerializable(typeof(ServiceInstance))]
[JsonSerializable(typeof(DiscoveryOperation))]
[JsonSerializable(typeof(DiscoveryRequest))]
[JsonSerializable(typeof(DeleteServiceAttributesRequest))]
[JsonSerializable(typeof(OperationIdResponse))]
[JsonSerializable(typeof(GetNamespaceResponse))]
[JsonSerializable(typeof(ListNamespacesResponse))]
[JsonSerializable(typeof(ServiceResponse))]
[JsonSerializable(typeof(ListServicesResponse))]
[JsonSerializable(typeof(GetInstanceResponse))]
[JsonSerializable(typeof(ListInstancesResponse))]
[JsonSerializable(typeof(DiscoverInstancesResponse))]
[JsonSerializable(typeof(DiscoverInstancesRevisionResponse))]
[JsonSerializable(typeof(GetInstancesHealthStatusResponse))]
[JsonSerializable(typeof(GetOperationResponse))]
[JsonSerializable(typeof(ListOperationsResponse))]
[JsonSerializable(typeof(ListTagsForResourceResponse))]
[JsonSerializable(typeof(GetServiceAttributesResponse))]
[JsonSerializable(typeof(DiscoveryEmpty))]
sealed partial class DiscoveryJson : JsonSerializerContext;
