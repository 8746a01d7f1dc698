using System.Text.Json;
using Berth.Kernel;

namespace Berth.Ecr;

/// <summary>
/// The scanning and encryption configurations of a repository, checked and stored in the shape ECR returns them
/// (ECR answers both even when they were never set: no scan on push, AES-256 encryption at rest).
/// </summary>
public static class RepositoryConfigurations
{
    public static readonly JsonElement DefaultScanning = Parse("""{"scanOnPush":false}""");
    public static readonly JsonElement DefaultEncryption = Parse("""{"encryptionType":"AES256"}""");

    /// <summary>
    /// <c>{"scanOnPush": bool}</c>. Berth records scanOnPush as set but has no vulnerability scanner, so no image is ever
    /// scanned: DescribeImageScanFindings and StartImageScan say so in each image's scan status.
    /// </summary>
    public static JsonElement Scanning(JsonElement? given, bool required = false)
    {
        if (given is not { } c || c.ValueKind == JsonValueKind.Null)
            return required ? throw AwsException.InvalidParameter("imageScanningConfiguration is required.") : DefaultScanning;
        if (c.ValueKind != JsonValueKind.Object)
            throw AwsException.InvalidParameter("imageScanningConfiguration must be an object: {\"scanOnPush\": true|false}.");
        var scanOnPush = false;
        foreach (var p in c.EnumerateObject())
        {
            if (p.Name != "scanOnPush")
                throw AwsException.InvalidParameter($"imageScanningConfiguration has an unknown member '{p.Name}': only scanOnPush.");
            scanOnPush = p.Value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw AwsException.InvalidParameter("imageScanningConfiguration.scanOnPush must be true or false."),
            };
        }
        return Parse(scanOnPush ? """{"scanOnPush":true}""" : """{"scanOnPush":false}""");
    }

    /// <summary><c>{"encryptionType":"AES256"}</c>: the registry's files are Berth's own; KMS keys are refused by name, as Berth has no KMS.</summary>
    public static JsonElement Encryption(JsonElement? given)
    {
        if (given is not { } c || c.ValueKind == JsonValueKind.Null)
            return DefaultEncryption;
        if (c.ValueKind != JsonValueKind.Object)
            throw AwsException.InvalidParameter("encryptionConfiguration must be an object: {\"encryptionType\": \"AES256\"}.");
        string? type = null;
        foreach (var p in c.EnumerateObject())
        {
            switch (p.Name)
            {
                case "encryptionType":
                    type = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : throw AwsException.InvalidParameter("encryptionConfiguration.encryptionType must be a string.");
                    break;
                case "kmsKey":
                    throw AwsException.InvalidParameter("encryptionConfiguration.kmsKey is not supported: Berth has no KMS; use encryptionType AES256.");
                default:
                    throw AwsException.InvalidParameter($"encryptionConfiguration has an unknown member '{p.Name}'.");
            }
        }
        return type switch
        {
            "AES256" => DefaultEncryption,
            "KMS" or "KMS_DSSE" => throw AwsException.InvalidParameter($"encryptionConfiguration.encryptionType '{type}' is not supported: Berth has no KMS; use AES256."),
            null => throw AwsException.InvalidParameter("encryptionConfiguration.encryptionType is required."),
            _ => throw AwsException.InvalidParameter($"encryptionConfiguration.encryptionType '{type}' is not valid: use AES256."),
        };
    }

    static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
