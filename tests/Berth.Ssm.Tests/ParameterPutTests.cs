using System.Text;
using Berth.Kernel.Tagging;
using Berth.Ssm.Api;
using static Berth.Ssm.Tests.SsmHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.Ssm.Tests;

public sealed class ParameterPutTests : IDisposable
{
    readonly SsmHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Put_New_IsVersionOneAndReadsBack()
    {
        var put = await _h.PutAsync("/app/prod/url", "https://example.com", description: "where");

        var p = await _h.GetAsync("/app/prod/url");

        Assert.Equal(new PutParameterResponse(1, "Standard"), put);
        Assert.Equal("/app/prod/url", p.Name);
        Assert.Equal("String", p.Type);
        Assert.Equal("https://example.com", p.Value);
        Assert.Equal(1, p.Version);
        Assert.Equal("text", p.DataType);
        Assert.Equal($"{ArnPrefix}/app/prod/url", p.ARN);
        Assert.Equal(_h.Clock.GetUtcNow(), p.LastModifiedDate);
        Assert.Null(p.Selector);
    }

    [Fact]
    public async Task Put_Existing_NeedsOverwrite()
    {
        await _h.PutAsync("/a", "1");

        await RefusedAsync(() => _h.PutAsync("/a", "2"), "ParameterAlreadyExists", "overwrite");

        var put = await _h.Parameters.PutAsync(new SsmRequest { Name = "/a", Value = "2", Overwrite = true }, Ct);
        Assert.Equal(2, put.Version);
        var p = await _h.GetAsync("/a");
        Assert.Equal(("2", "String", 2L), (p.Value, p.Type, p.Version));
    }

    [Fact]
    public async Task Put_Overwrite_KeepsWhatItDoesNotChange()
    {
        await _h.PutAsync("/a", "1", description: "d", pattern: "^[0-9]+$");

        await _h.PutAsync("/a", "22", type: null, overwrite: true);

        var meta = Assert.Single((await _h.Reader.DescribeAsync(new SsmRequest(), Ct)).Parameters);
        Assert.Equal(("d", "^[0-9]+$", 2L), (meta.Description, meta.AllowedPattern, meta.Version));
        await RefusedAsync(() => _h.PutAsync("/a", "abc", type: null, overwrite: true), "ParameterPatternMismatchException", "^[0-9]+$");
    }

    [Fact]
    public async Task Put_SecureString_IsStoredEncryptedAndDecryptedOnlyWhenAsked()
    {
        const string plaintext = "correct horse battery staple";
        await _h.PutAsync("/app/db-password", plaintext, "SecureString");
        await _h.PutAsync("/app/db-password", plaintext + " 2", "SecureString", overwrite: true);

        var hidden = await _h.GetAsync("/app/db-password");
        var shown = await _h.GetAsync("/app/db-password", decrypt: true);

        Assert.Equal(plaintext + " 2", shown.Value);
        Assert.NotEqual(shown.Value, hidden.Value);
        Assert.DoesNotContain("horse", Encoding.UTF8.GetString(Convert.FromBase64String(hidden.Value)), StringComparison.Ordinal);
        Assert.Equal("alias/aws/ssm", Assert.Single((await _h.Reader.DescribeAsync(new SsmRequest(), Ct)).Parameters).KeyId);
        var docs = _h.Documents("parameters").Concat(_h.Documents("parameter_versions")).ToList();
        Assert.Equal(3, docs.Count);
        Assert.All(docs, d => Assert.DoesNotContain("horse", d, StringComparison.Ordinal));
        Assert.All(docs, d => Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext))[..16], d, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Put_KeyId_OnlyTheDefaultKeyAndOnlyForSecureString()
    {
        await _h.Parameters.PutAsync(new SsmRequest { Name = "/k1", Value = "v", Type = "SecureString", KeyId = "alias/aws/ssm" }, Ct);
        await _h.Parameters.PutAsync(new SsmRequest { Name = "/k2", Value = "v", Type = "SecureString", KeyId = "arn:aws:kms:us-east-1:123456789012:alias/aws/ssm" }, Ct);

        await RefusedAsync(() => _h.Parameters.PutAsync(new SsmRequest { Name = "/k3", Value = "v", Type = "SecureString", KeyId = "alias/mine" }, Ct), "InvalidKeyId", "alias/mine");
        await RefusedAsync(() => _h.Parameters.PutAsync(new SsmRequest { Name = "/k4", Value = "v", Type = "String", KeyId = "alias/aws/ssm" }, Ct), "ValidationException", "KeyId");
        await RefusedAsync(() => _h.Parameters.PutAsync(new SsmRequest { Name = "/k5", Value = "v", Type = "SecureString", KeyId = "bad key!" }, Ct), "ValidationException");
    }

    [Fact]
    public async Task Put_TypeAndValue_AreChecked()
    {
        await RefusedAsync(() => _h.PutAsync("/t", "v", type: null), "ValidationException", "A parameter type is required when you create a parameter.");
        await RefusedAsync(() => _h.PutAsync("/t", "v", type: "Integer"), "ValidationException", "enum value set");
        await RefusedAsync(() => _h.PutAsync("/t", ""), "ValidationException", "value");
        await RefusedAsync(() => _h.Parameters.PutAsync(new SsmRequest { Name = "/t", Type = "String" }, Ct), "ValidationException", "value");
        await RefusedAsync(() => _h.PutAsync("/t", "v", tier: "Premium"), "ValidationException", "tier");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("/a//b")]
    [InlineData("/a/")]
    [InlineData("awsThing")]
    [InlineData("/SSM/x")]
    [InlineData("/aws/service/x")]
    [InlineData("name:1")]
    public async Task Put_InvalidName_IsValidationException(string name) =>
        await RefusedAsync(() => _h.PutAsync(name, "v"), "ValidationException");

    [Fact]
    public async Task Put_Hierarchy_HasAtMost15Levels()
    {
        var fifteen = "/" + string.Join('/', Enumerable.Range(1, 15).Select(i => $"l{i}"));
        await _h.PutAsync(fifteen, "v");

        await RefusedAsync(() => _h.PutAsync(fifteen + "/l16", "v"), "HierarchyLevelLimitExceededException", "15");
    }

    [Fact]
    public async Task Put_SingleLevelNameWithAndWithoutSlash_IsOneParameter()
    {
        await _h.PutAsync("/app", "1");

        await RefusedAsync(() => _h.PutAsync("app", "2"), "ParameterAlreadyExists");
        var p = await _h.GetAsync("app");
        Assert.Equal(("/app", $"{ArnPrefix}/app"), (p.Name, p.ARN));
    }

    [Fact]
    public async Task Put_Tier_LimitsTheValueSize()
    {
        var big = new string('x', 4097);
        await RefusedAsync(() => _h.PutAsync("/big", big), "ValidationException", "4096");
        Assert.Equal("Advanced", (await _h.PutAsync("/big", big, tier: "Intelligent-Tiering")).Tier);
        Assert.Equal("Standard", (await _h.PutAsync("/small", "x", tier: "Intelligent-Tiering")).Tier);
        await RefusedAsync(() => _h.PutAsync("/huge", new string('x', 8193), tier: "Advanced"), "ValidationException", "8192");
        await RefusedAsync(() => _h.PutAsync("/big", "x", overwrite: true, tier: "Standard"), "ValidationException", "downgrade");
        Assert.Equal("Advanced", (await _h.PutAsync("/big", "x", overwrite: true)).Tier);
    }

    [Fact]
    public async Task Put_AllowedPattern_IsAValidRegularExpressionTheValueMatches()
    {
        await _h.PutAsync("/n", "42", pattern: "^\\d+$");

        await RefusedAsync(() => _h.PutAsync("/m", "forty-two", pattern: "^\\d+$"), "ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: ^\\d+$");
        await RefusedAsync(() => _h.PutAsync("/o", "x", pattern: "(unclosed"), "InvalidAllowedPatternException");
        var secret = await RefusedAsync(() => _h.PutAsync("/s", "hunter2", "SecureString", pattern: "^\\d+$"), "ParameterPatternMismatchException");
        Assert.DoesNotContain("hunter2", secret.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_DataTypeOtherThanText_PoliciesAndTagsWithOverwrite_AreRefused()
    {
        await RefusedAsync(() => _h.Parameters.PutAsync(new SsmRequest { Name = "/d", Value = "ami-1", Type = "String", DataType = "aws:ec2:image" }, Ct), "ValidationException", "aws:ec2:image");
        await RefusedAsync(() => _h.Parameters.PutAsync(new SsmRequest { Name = "/d", Value = "v", Type = "String", DataType = "TEXT" }, Ct), "ValidationException", "data type");
        await RefusedAsync(() => _h.Parameters.PutAsync(new SsmRequest { Name = "/d", Value = "v", Type = "String", Policies = "[]" }, Ct), "ValidationException", "Policies");
        await RefusedAsync(() => _h.PutAsync("/d", "v", overwrite: true, tags: [new Tag { Key = "k", Value = "v" }]), "ValidationException", "tags and overwrite can't be used together");
        await RefusedAsync(() => _h.PutAsync("/d", "v", tags: [.. Enumerable.Range(0, 51).Select(i => new Tag { Key = $"k{i}", Value = "v" })]), "TooManyTagsError");
        Assert.Empty(_h.Documents("parameters"));
    }

    [Fact]
    public async Task Put_Past100Versions_DropsTheOldestUnlessItIsLabelled()
    {
        await _h.PutAsync("/v", "0");
        for (var i = 1; i < 100; i++)
            await _h.PutAsync("/v", $"{i}", overwrite: true);
        await _h.Labels.LabelAsync(new SsmRequest { Name = "/v", ParameterVersion = 2, Labels = ["keep"] }, Ct);

        await _h.PutAsync("/v", "100", overwrite: true);
        await RefusedAsync(() => _h.PutAsync("/v", "101", overwrite: true), "ParameterMaxVersionLimitExceeded", "Version 2");

        var history = await _h.Reader.HistoryAsync(new SsmRequest { Name = "/v" }, Ct);
        Assert.Equal(50, history.Parameters.Count);
        Assert.Equal(2, history.Parameters[0].Version);
        Assert.Equal(100, _h.Documents("parameter_versions").Count);
        await RefusedAsync(() => _h.GetAsync("/v:1"), "ParameterVersionNotFound");
    }
}
