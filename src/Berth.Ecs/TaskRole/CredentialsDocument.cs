using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Ecs.TaskRole;

/// <summary>
/// The credentials document as the ECS agent serves it and the SDKs' container providers read it (botocore's
/// ContainerMetadataFetcher, @aws-sdk/credential-provider-http): AccessKeyId, SecretAccessKey, Token and Expiration
/// (ISO 8601 in UTC, second precision), and the RoleArn.
/// </summary>
public static class CredentialsDocument
{
    public static JsonObject For(HeldCredentials held) => new()
    {
        ["RoleArn"] = held.RoleArn,
        ["AccessKeyId"] = held.Credential.AccessKeyId,
        ["SecretAccessKey"] = held.Credential.SecretAccessKey,
        ["Token"] = held.Credential.SessionToken,
        ["Expiration"] = held.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    /// <summary>The agent's error body: <c>{"code": ..., "message": ...}</c>.</summary>
    public static JsonObject Error(string code, string message) => new() { ["code"] = code, ["message"] = message };
}
