using System.Text.Json.Serialization;
using Berth.Kernel.Json;
using Berth.Ssm.Api;

namespace Berth.Ssm;

/// <summary>Parameter Store's JSON contracts, in the store and on the wire: PascalCase as the model names them, epoch-second times.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Parameter))]
[JsonSerializable(typeof(ParameterVersion))]
[JsonSerializable(typeof(SsmRequest))]
[JsonSerializable(typeof(PutParameterResponse))]
[JsonSerializable(typeof(GetParameterResponse))]
[JsonSerializable(typeof(GetParametersResponse))]
[JsonSerializable(typeof(GetParametersByPathResponse))]
[JsonSerializable(typeof(DescribeParametersResponse))]
[JsonSerializable(typeof(GetParameterHistoryResponse))]
[JsonSerializable(typeof(DeleteParametersResponse))]
[JsonSerializable(typeof(LabelParameterVersionResponse))]
[JsonSerializable(typeof(UnlabelParameterVersionResponse))]
[JsonSerializable(typeof(ListTagsForResourceResponse))]
[JsonSerializable(typeof(SsmEmpty))]
sealed partial class SsmJson : JsonSerializerContext;
