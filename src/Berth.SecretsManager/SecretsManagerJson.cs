using System.Text.Json.Serialization;
using Berth.Kernel.Json;
using Berth.SecretsManager.Api;

namespace Berth.SecretsManager;

/// <summary>Secrets Manager's JSON contracts, in the store and on the wire: PascalCase as the model names them, epoch-second times.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(SecretVersion))]
[JsonSerializable(typeof(SecretsManagerRequest))]
[JsonSerializable(typeof(SecretIdentity))]
[JsonSerializable(typeof(DeleteSecretResponse))]
[JsonSerializable(typeof(GetSecretValueResponse))]
[JsonSerializable(typeof(SecretDescription))]
[JsonSerializable(typeof(ListSecretsResponse))]
[JsonSerializable(typeof(ListSecretVersionIdsResponse))]
[JsonSerializable(typeof(BatchGetSecretValueResponse))]
[JsonSerializable(typeof(GetResourcePolicyResponse))]
[JsonSerializable(typeof(ValidateResourcePolicyResponse))]
[JsonSerializable(typeof(GetRandomPasswordResponse))]
[JsonSerializable(typeof(EmptyResponse))]
sealed partial class SecretsManagerJson : JsonSerializerContext;
