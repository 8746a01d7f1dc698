using System.Security.Cryptography;
using Berth.Kernel;
using Berth.Kernel.Crypto;
using Berth.Kernel.Tagging;
using Berth.SecretsManager.Api;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.SecretsManager.Tests;

/// <summary>Secrets Manager's services over a real SQLite file, a fake clock and a fresh key.</summary>
sealed class SecretsHarness : IDisposable
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    readonly TempDatabase _temp = new();

    public SecretsHarness()
    {
        Store = new SqliteStateStore(_temp.Db);
        Arns = new Arns(Account, Region);
        Tags = new TagService(Store);
        Secrets = new SecretStore(Store, Arns, Clock);
        Cipher = new SecretCipher(new ValueCipher(Key));
        Versions = new SecretVersionService(Secrets, Cipher);
        Service = new SecretService(Secrets, Versions, Cipher, Tags);
        Listing = new SecretListing(Secrets, Service, Versions, Tags);
        Policies = new SecretPolicyService(Secrets);
        Values = new SecretValues(Versions, Secrets);
        Deletions = new SecretDeletionController(Service, Clock, NullLogger<SecretDeletionController>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public byte[] Key { get; } = RandomNumberGenerator.GetBytes(32);
    public SqliteStateStore Store { get; }
    public Arns Arns { get; }
    public TagService Tags { get; }
    public SecretStore Secrets { get; }
    public SecretCipher Cipher { get; }
    public SecretVersionService Versions { get; }
    public SecretService Service { get; }
    public SecretListing Listing { get; }
    public SecretPolicyService Policies { get; }
    public SecretValues Values { get; }
    public SecretDeletionController Deletions { get; }
    public TempDatabase Database => _temp;

    public Task<SecretIdentity> CreateAsync(string name, string? value = "s3cr3t-value", string? token = null, List<Tag>? tags = null, string? description = null) =>
        Service.CreateAsync(new SecretsManagerRequest { Name = name, SecretString = value, ClientRequestToken = token, Tags = tags, Description = description }, Ct);

    public Task<SecretIdentity> PutAsync(string secretId, string value, string? token = null, List<string>? stages = null) =>
        Versions.PutValueAsync(new SecretsManagerRequest { SecretId = secretId, SecretString = value, ClientRequestToken = token, VersionStages = stages }, Ct);

    public Task<GetSecretValueResponse> GetAsync(string secretId, string? versionId = null, string? stage = null) =>
        Versions.GetValueAsync(secretId, versionId, stage, Ct);

    public Task<DeleteSecretResponse> DeleteAsync(string secretId, long? window = null, bool? force = null) =>
        Service.DeleteAsync(new SecretsManagerRequest { SecretId = secretId, RecoveryWindowInDays = window, ForceDeleteWithoutRecovery = force }, Ct);

    /// <summary>Every stored document of a table, as text.</summary>
    public List<string> Documents(string table)
    {
        using var conn = _temp.Db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT doc FROM {table}";
        using var r = cmd.ExecuteReader();
        var docs = new List<string>();
        while (r.Read())
            docs.Add(r.GetString(0));
        return docs;
    }

    public static string Token(char c) => new(c, 32);

    public void Dispose() => _temp.Dispose();
}
