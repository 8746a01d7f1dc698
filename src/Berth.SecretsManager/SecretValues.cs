using System.Text.Json;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Secrets;

namespace Berth.SecretsManager;

/// <summary>
/// Resolves secrets for other modules: ECS calls it for each container's <c>secrets: [{valueFrom}]</c> when it starts a
/// task. It reads as GetSecretValue does (a deleted secret, a missing version or stage fail the same way, with the same
/// codes) and gives the SecretString, or one key of it when the reference names a JSON key. Failures are
/// <see cref="AwsException"/>s whose messages never contain the value.
/// </summary>
public sealed class SecretValues : ISecretSource
{
    readonly SecretVersionService _versions;
    readonly SecretStore _secrets;

    internal SecretValues(SecretVersionService versions, SecretStore secrets) => (_versions, _secrets) = (versions, secrets);

    public string Service => "secretsmanager";

    /// <summary>GetSecretValue on the secret's full ARN (a name or partial ARN found first), or on the id as given.</summary>
    public async Task<AccessRequest> AccessAsync(string id, CancellationToken ct)
    {
        var found = string.IsNullOrEmpty(id) ? null : await _secrets.FindAsync(id, ct);
        return new AccessRequest("secretsmanager:GetSecretValue", [found?.Value.Arn ?? id]);
    }

    /// <summary>The value <paramref name="request"/> selects: the version (by id or stage, AWSCURRENT by default), then its JSON key.</summary>
    public async Task<string> ReadAsync(SecretRequest request, CancellationToken ct)
    {
        var value = await _versions.GetValueAsync(request.Id, request.VersionId, request.VersionStage, ct);
        var text = value.SecretString
            ?? throw SecretsManagerErrors.InvalidRequest($"The secret {value.Name} holds a binary value (SecretBinary); a container's secret must be a SecretString.");
        return request.JsonKey is { } key ? Field(value.Name, text, key) : text;
    }

    /// <summary>The value <paramref name="valueFrom"/> names (see <see cref="SecretReference"/>).</summary>
    public async Task<string> ResolveAsync(string valueFrom, CancellationToken ct)
    {
        var reference = SecretReference.Parse(valueFrom);
        return await ReadAsync(new SecretRequest(reference.SecretId) { JsonKey = reference.JsonKey, VersionStage = reference.VersionStage, VersionId = reference.VersionId }, ct);
    }

    /// <summary>A top-level key of a JSON object: a string as it is, any other value as its JSON text.</summary>
    static string Field(string secretName, string text, string key)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            // The parser's message may quote the value: say only what is wrong.
            throw SecretsManagerErrors.InvalidRequest($"The secret {secretName} is not a JSON object, so its key '{key}' can't be read.");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw SecretsManagerErrors.InvalidRequest($"The secret {secretName} is not a JSON object, so its key '{key}' can't be read.");
            if (!doc.RootElement.TryGetProperty(key, out var field))
                throw SecretsManagerErrors.InvalidRequest($"The secret {secretName} has no JSON key '{key}'.");
            return field.ValueKind == JsonValueKind.String ? field.GetString()! : field.GetRawText();
        }
    }
}
