using System.Text.Json;

namespace Berth.Ecr.Registry.Manifests;

internal sealed record Descriptor(string MediaType, string Digest, long Size, IReadOnlyList<string> Urls);

/// <summary>What the registry needs from a manifest or an index: what it references and what it is about.</summary>
internal sealed record ParsedManifest(
    string MediaType,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyList<Descriptor> Manifests,
    Descriptor? Subject,
    string? ArtifactType)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>
    /// Parses and checks <paramref name="bytes"/> sent with Content-Type <paramref name="mediaType"/> (one of the four
    /// supported types). Any inconsistency is MANIFEST_INVALID; digests of other algorithms are DIGEST_INVALID.
    /// </summary>
    public static ParsedManifest Parse(string mediaType, ReadOnlyMemory<byte> bytes)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw RegistryErrors.ManifestInvalid($"manifest is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw RegistryErrors.ManifestInvalid("manifest must be a JSON object");
            if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out var v) || v != 2)
                throw RegistryErrors.ManifestInvalid("schemaVersion must be 2");
            if (root.TryGetProperty("mediaType", out var declared))
            {
                if (declared.ValueKind != JsonValueKind.String || declared.GetString() != mediaType)
                    throw RegistryErrors.ManifestInvalid($"mediaType in manifest does not match Content-Type {mediaType}");
            }
            else if (mediaType is MediaTypes.DockerManifest or MediaTypes.DockerManifestList)
            {
                throw RegistryErrors.ManifestInvalid("docker manifests must declare their mediaType");
            }
            var subject = root.TryGetProperty("subject", out var s) ? ReadDescriptor(s, "subject") : null;
            var artifactType = OptionalString(root, "artifactType");
            if (MediaTypes.IsIndex(mediaType))
            {
                if (root.TryGetProperty("config", out _) || root.TryGetProperty("layers", out _))
                    throw RegistryErrors.ManifestInvalid("an index has no config or layers");
                var manifests = ReadArray(root, "manifests", required: true);
                return new ParsedManifest(mediaType, null, [], manifests, subject, artifactType);
            }
            if (root.TryGetProperty("manifests", out _))
                throw RegistryErrors.ManifestInvalid("an image manifest has no manifests list");
            if (!root.TryGetProperty("config", out var config))
                throw RegistryErrors.ManifestInvalid("manifest has no config");
            var layers = ReadArray(root, "layers", required: mediaType == MediaTypes.DockerManifest);
            return new ParsedManifest(mediaType, ReadDescriptor(config, "config"), layers, [], subject, artifactType);
        }
    }

    static string? OptionalString(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
            return null;
        return p.ValueKind == JsonValueKind.String ? p.GetString() : throw RegistryErrors.ManifestInvalid($"{name} must be a string");
    }

    static List<Descriptor> ReadArray(JsonElement root, string name, bool required)
    {
        if (!root.TryGetProperty(name, out var array))
            return required ? throw RegistryErrors.ManifestInvalid($"manifest has no {name}") : [];
        if (array.ValueKind != JsonValueKind.Array)
            throw RegistryErrors.ManifestInvalid($"{name} must be an array");
        var list = new List<Descriptor>(array.GetArrayLength());
        var i = 0;
        foreach (var item in array.EnumerateArray())
            list.Add(ReadDescriptor(item, $"{name}[{i++}]"));
        return list;
    }

    static Descriptor ReadDescriptor(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw RegistryErrors.ManifestInvalid($"{where} must be a descriptor object");
        var mediaType = OptionalString(e, "mediaType");
        if (string.IsNullOrEmpty(mediaType))
            throw RegistryErrors.ManifestInvalid($"{where} has no mediaType");
        var digest = RegistryNames.ParseDigest(OptionalString(e, "digest"));
        if (!e.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out var size) || size < 0)
            throw RegistryErrors.ManifestInvalid($"{where} has no valid size");
        var urls = new List<string>();
        if (e.TryGetProperty("urls", out var u) && u.ValueKind == JsonValueKind.Array)
        {
            foreach (var url in u.EnumerateArray())
            {
                if (url.ValueKind == JsonValueKind.String)
                    urls.Add(url.GetString()!);
            }
        }
        return new Descriptor(mediaType, digest, size, urls);
    }
}
