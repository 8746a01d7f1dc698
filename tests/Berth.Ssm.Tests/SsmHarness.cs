using System.Security.Cryptography;
using Berth.Kernel;
using Berth.Kernel.Crypto;
using Berth.Kernel.Tagging;
using Berth.Ssm.Api;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Ssm.Tests;

/// <summary>Parameter Store's services over a real SQLite file, a fake clock and a fresh key.</summary>
sealed class SsmHarness : IDisposable
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    public const string ArnPrefix = "arn:aws:ssm:us-east-1:123456789012:parameter";

    readonly TempDatabase _temp = new();

    public SsmHarness()
    {
        Store = new SqliteStateStore(_temp.Db);
        var arns = new Arns("123456789012", "us-east-1");
        var tags = new TagService(Store);
        var cipher = new ParameterCipher(new ValueCipher(RandomNumberGenerator.GetBytes(32)));
        Parameters = new ParameterService(Store, arns, cipher, Clock);
        Reader = new ParameterReader(Store, arns, cipher, tags);
        Labels = new ParameterLabels(Store, arns);
        Tags = new ParameterTags(Store, arns, tags);
        Values = new ParameterValues(Reader, arns);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public SqliteStateStore Store { get; }
    public ParameterService Parameters { get; }
    public ParameterReader Reader { get; }
    public ParameterLabels Labels { get; }
    public ParameterTags Tags { get; }
    public ParameterValues Values { get; }

    public Task<PutParameterResponse> PutAsync(string name, string value, string? type = "String", bool overwrite = false, string? tier = null, string? pattern = null, List<Tag>? tags = null, string? description = null) =>
        Parameters.PutAsync(new SsmRequest { Name = name, Value = value, Type = type, Overwrite = overwrite, Tier = tier, AllowedPattern = pattern, Tags = tags, Description = description }, Ct);

    public async Task<SsmParameter> GetAsync(string name, bool decrypt = false) => (await Reader.GetAsync(name, decrypt, Ct)).Parameter;

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

    public void Dispose() => _temp.Dispose();
}
