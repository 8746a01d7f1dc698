using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Kernel.Auth;

namespace Berth.Server;

/// <summary>
/// The root access key: from configuration, or generated at first start and kept (mode 600) in
/// <c>credentials.json</c> in the data directory, where <c>berth credentials</c> reads it.
/// </summary>
public sealed class RootCredentials : ICredentialSource
{
    public const string FileName = "credentials.json";

    public string AccessKeyId { get; }
    public string SecretAccessKey { get; }

    RootCredentials(string id, string secret, string accountId) => (AccessKeyId, SecretAccessKey, _root) = (id, secret, Principal.Root(accountId));

    readonly Principal _root;

    public Credential? Find(string accessKeyId) => accessKeyId == AccessKeyId ? new Credential(AccessKeyId, SecretAccessKey, _root) : null;

    public static RootCredentials Load(BerthOptions options)
    {
        var file = Path.Combine(options.DataDirectory, FileName);
        if (options.RootAccessKeyId is { } id && options.RootSecretAccessKey is { } secret)
        {
            Save(file, new StoredCredentials(id, secret));
            return new RootCredentials(id, secret, options.AccountId);
        }
        if (File.Exists(file) && JsonSerializer.Deserialize(File.ReadAllText(file), CredentialsJson.Default.StoredCredentials) is { } stored)
            return new RootCredentials(stored.AccessKeyId, stored.SecretAccessKey, options.AccountId);
        var generated = new StoredCredentials("AKIA" + Random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            Random(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"));
        Save(file, generated);
        return new RootCredentials(generated.AccessKeyId, generated.SecretAccessKey, options.AccountId);
    }

    static void Save(string file, StoredCredentials c)
    {
        var tmp = file + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(c, CredentialsJson.Default.StoredCredentials));
        File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, file, overwrite: true);
    }

    static string Random(int length, string alphabet) => RandomNumberGenerator.GetString(alphabet, length);
}

public sealed record StoredCredentials(string AccessKeyId, string SecretAccessKey);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(StoredCredentials))]
internal sealed partial class CredentialsJson : JsonSerializerContext;
