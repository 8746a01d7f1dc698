using System.Security.Cryptography;
using System.Text;

namespace Berth.Ecs.TaskMetadata;

/// <summary>
/// The path id of a container's metadata URI: an HMAC of (task ARN, container name) under a per-installation key.
/// Unguessable without the key, so knowing a task's ARN does not reveal its endpoint; and derived rather than stored,
/// so containers created before a berthd restart keep working (the key lives in the data directory).
/// </summary>
public sealed class MetadataTokens(byte[] key)
{
    /// <summary>Hex characters in a token (80 bits).</summary>
    public const int Length = 20;

    public string For(string taskArn, string containerName)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"berth-task-metadata/1\n{taskArn}\n{containerName}"));
        return Convert.ToHexStringLower(mac)[..Length];
    }

    /// <summary>Constant-time comparison, so timing does not leak how much of a guess was right.</summary>
    public bool Matches(string token, string taskArn, string containerName) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(For(taskArn, containerName)));
}
