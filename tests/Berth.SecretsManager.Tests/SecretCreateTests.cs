using System.Text;
using Berth.Kernel.Tagging;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.Tests.SecretsHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.SecretsManager.Tests;

public sealed class SecretCreateTests : IDisposable
{
    readonly SecretsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Create_StringValue_IsReadBackAsCurrentVersion()
    {
        var created = await _h.CreateAsync("prod/db/password", "hunter2", Token('a'));

        var value = await _h.GetAsync("prod/db/password");

        Assert.Equal(Token('a'), created.VersionId);
        Assert.Equal("hunter2", value.SecretString);
        Assert.Null(value.SecretBinary);
        Assert.Equal(Token('a'), value.VersionId);
        Assert.Equal(["AWSCURRENT"], value.VersionStages);
        Assert.Equal(created.ARN, value.ARN);
        Assert.Equal(_h.Clock.GetUtcNow(), value.CreatedDate);
    }

    [Fact]
    public async Task Create_Arn_IsNameWithSixRandomCharacters()
    {
        var a = await _h.CreateAsync("app/key");
        await _h.DeleteAsync("app/key", force: true);
        var b = await _h.CreateAsync("app/key");

        Assert.Matches("^arn:aws:secretsmanager:us-east-1:123456789012:secret:app/key-[A-Za-z0-9]{6}$", a.ARN);
        Assert.NotEqual(a.ARN, b.ARN);
    }

    [Fact]
    public async Task Create_BinaryValue_IsReadBackAsBinary()
    {
        byte[] bytes = [0, 1, 2, 255, 254];
        await _h.Service.CreateAsync(new SecretsManagerRequest { Name = "bin", SecretBinary = bytes }, Ct);

        var value = await _h.GetAsync("bin");

        Assert.Equal(bytes, value.SecretBinary);
        Assert.Null(value.SecretString);
    }

    [Fact]
    public async Task Create_StoredDocuments_HoldNoPlaintext()
    {
        const string plaintext = "very-secret-plaintext-value";
        await _h.CreateAsync("plain", plaintext);
        await _h.PutAsync("plain", plaintext + "-2");
        await _h.Service.CreateAsync(new SecretsManagerRequest { Name = "binary", SecretBinary = Encoding.UTF8.GetBytes(plaintext) }, Ct);

        var docs = _h.Documents("secrets").Concat(_h.Documents("secret_versions")).ToList();

        Assert.Equal(5, docs.Count);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext));
        Assert.All(docs, d =>
        {
            Assert.DoesNotContain("very-secret", d, StringComparison.Ordinal);
            Assert.DoesNotContain(base64[..20], d, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Create_ExistingName_IsResourceExists()
    {
        await _h.CreateAsync("dup");

        await RefusedAsync(() => _h.CreateAsync("dup"), "ResourceExistsException", "The operation failed because the secret dup already exists.");
    }

    [Fact]
    public async Task Create_RetriedWithSameTokenAndValue_SucceedsAgainWithoutANewVersion()
    {
        var first = await _h.CreateAsync("retry", "v", Token('r'));

        var again = await _h.CreateAsync("retry", "v", Token('r'));

        Assert.Equal(first, again);
        Assert.Single(_h.Documents("secret_versions"));
        await RefusedAsync(() => _h.CreateAsync("retry", "other", Token('r')), "ResourceExistsException", "ClientRequestToken");
    }

    [Fact]
    public async Task Create_WithoutValue_HasNoVersionUntilOneIsPut()
    {
        var created = await _h.CreateAsync("empty", value: null);

        Assert.Null(created.VersionId);
        await RefusedAsync(() => _h.GetAsync("empty"), "ResourceNotFoundException", "can't find the specified secret value for staging label: AWSCURRENT");
        var put = await _h.PutAsync("empty", "first", stages: ["custom"]);
        Assert.Equal(["custom", "AWSCURRENT"], put.VersionStages);
        Assert.Equal("first", (await _h.GetAsync("empty")).SecretString);
    }

    [Fact]
    public async Task Create_StringAndBinary_IsInvalidParameter() =>
        await RefusedAsync(() => _h.Service.CreateAsync(new SecretsManagerRequest { Name = "both", SecretString = "a", SecretBinary = [1] }, Ct),
            "InvalidParameterException", "both a binary secret value and a string");

    [Fact]
    public async Task Create_ValueSizeLimit_Is65536Bytes()
    {
        await _h.CreateAsync("max", new string('x', 65536));
        await RefusedAsync(() => _h.CreateAsync("over", new string('x', 65537)), "ValidationException", "secretString");
        await RefusedAsync(() => _h.CreateAsync("multibyte", new string('é', 32769)), "ValidationException", "secretString");
        await RefusedAsync(() => _h.Service.CreateAsync(new SecretsManagerRequest { Name = "binover", SecretBinary = new byte[65537] }, Ct), "ValidationException", "secretBinary");
        await RefusedAsync(() => _h.CreateAsync("blank", ""), "ValidationException", "secretString");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("colon:name")]
    [InlineData("star*")]
    public async Task Create_NameOutsideGrammar_IsInvalidParameter(string name) =>
        await RefusedAsync(() => _h.CreateAsync(name), "InvalidParameterException", "Invalid name");

    [Fact]
    public async Task Create_NameLength_Is1To512()
    {
        await _h.CreateAsync(new string('n', 512));
        await RefusedAsync(() => _h.CreateAsync(new string('n', 513)), "ValidationException", "512");
        await RefusedAsync(() => _h.CreateAsync(""), "ValidationException");
    }

    [Theory]
    [InlineData("alias/aws/secretsmanager")]
    [InlineData("arn:aws:kms:us-east-1:123456789012:alias/aws/secretsmanager")]
    [InlineData("")]
    public async Task Create_DefaultKmsKey_IsAccepted(string keyId) =>
        await _h.Service.CreateAsync(new SecretsManagerRequest { Name = "kms", SecretString = "v", KmsKeyId = keyId }, Ct);

    [Fact]
    public async Task Create_OtherKmsKey_IsRefusedNamingIt() =>
        await RefusedAsync(() => _h.Service.CreateAsync(new SecretsManagerRequest { Name = "kms", SecretString = "v", KmsKeyId = "alias/my-key" }, Ct),
            "InvalidParameterException", "KmsKeyId 'alias/my-key' is not supported");

    [Fact]
    public async Task Create_ReplicaRegions_AreRefused() =>
        await RefusedAsync(() => _h.Service.CreateAsync(new SecretsManagerRequest { Name = "r", SecretString = "v", AddReplicaRegions = [new ReplicaRegion { Region = "eu-west-1" }] }, Ct),
            "InvalidRequestException", "AddReplicaRegions");

    [Fact]
    public async Task Create_ClientRequestTokenLength_Is32To64() =>
        await RefusedAsync(() => _h.CreateAsync("t", "v", "short"), "InvalidParameterException", "ClientRequestToken must be 32-64 characters long.");

    [Fact]
    public async Task Create_Tags_AreKeptAndAtMost50()
    {
        await _h.CreateAsync("tagged", tags: [new Tag { Key = "team", Value = "core" }]);
        var described = await _h.Service.DescribeAsync("tagged", Ct);
        Assert.Equal("core", Assert.Single(described.Tags!).Value);

        var many = Enumerable.Range(0, 51).Select(i => new Tag { Key = $"k{i}", Value = "v" }).ToList();
        await RefusedAsync(() => _h.CreateAsync("toomany", tags: many), "InvalidParameterException", "50");
        Assert.Null(await _h.Secrets.FindAsync("toomany", Ct));
    }

    [Fact]
    public async Task Create_NameScheduledForDeletion_IsInvalidRequestUntilTheWindowEnds()
    {
        var first = await _h.CreateAsync("cycled");
        await _h.DeleteAsync("cycled", window: 7);

        await RefusedAsync(() => _h.CreateAsync("cycled"), "InvalidRequestException", "already scheduled for deletion");

        _h.Clock.Advance(TimeSpan.FromDays(7));
        var second = await _h.CreateAsync("cycled", "new");
        Assert.NotEqual(first.ARN, second.ARN);
        Assert.Equal("new", (await _h.GetAsync("cycled")).SecretString);
        Assert.Single(_h.Documents("secret_versions"));
    }
}
