using System.Text.Json;
using Berth.Kernel;

namespace Berth.SecretsManager;

/// <summary>
/// Resolves secrets for other modules: ECS calls it for each container's <c>secrets: [{valueFrom}]</c> when it starts a
/// task. It reads as GetSecretValue does (a deleted secret, a missing version or stage fail the same way, with the same
/// codes) and gives the SecretString, or one key of it when the reference names a JSON key. Failures are
/// <see cref="AwsException"/>s whose messages never contain the value.
/// </summary>
public sealed class SecretValues
{
    readonly SecretVersionService _versions;

    internal SecretValues(SecretVersionService versions) => _versions = versions;

    /// <summary>The value <paramref name="valueFrom"/> names (see <see cref="SecretReference"/>).</summary>
    public async Task<string> ResolveAsync(string valueFrom, CancellationToken ct)
    {
        var reference = SecretReference.Parse(valueFrom);
        var value = await _versions.GetValueAsync(reference.SecretId, reference.VersionId, reference.VersionStage, ct);
        var text = value.SecretString
            ?? throw SecretsManagerErrors.InvalidRequest($"The secret {value.Name} holds a binary value (SecretBinary); a container's secret must be a SecretString.");
        return reference.JsonKey is { } key ? Field(value.Name, text, key) : text;
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
