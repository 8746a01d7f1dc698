using Berth.SecretsManager.Api;
using static Berth.SecretsManager.Tests.SecretsHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.SecretsManager.Tests;

/// <summary>The contract ECS builds on: resolving a container's <c>secrets[].valueFrom</c>.</summary>
public sealed class SecretValuesTests : IDisposable
{
    const string Json = """{"username":"admin","password":"p@ss:word","port":5432,"nested":{"a":1}}""";

    readonly SecretsHarness _h = new();

    public void Dispose() => _h.Dispose();

    Task<string> Resolve(string valueFrom) => _h.Values.ResolveAsync(valueFrom, Ct);

    [Fact]
    public async Task Resolve_NameFullArnOrPartialArn_GivesTheCurrentString()
    {
        var created = await _h.CreateAsync("db", Json);

        Assert.Equal(Json, await Resolve("db"));
        Assert.Equal(Json, await Resolve(created.ARN));
        Assert.Equal(Json, await Resolve(created.ARN[..^7]));
    }

    [Fact]
    public async Task Resolve_JsonKey_GivesThatKey()
    {
        var created = await _h.CreateAsync("db", Json);

        Assert.Equal("p@ss:word", await Resolve($"{created.ARN}:password::"));
        Assert.Equal("admin", await Resolve($"{created.ARN}:username"));
        Assert.Equal("5432", await Resolve($"{created.ARN}:port::"));
        Assert.Equal("""{"a":1}""", await Resolve($"{created.ARN}:nested::"));
        Assert.Equal("admin", await Resolve($"{created.ARN[..^7]}:username::"));
    }

    [Fact]
    public async Task Resolve_VersionStageAndVersionId_PickThatVersion()
    {
        var created = await _h.CreateAsync("db", """{"password":"old"}""", Token('1'));
        await _h.PutAsync("db", """{"password":"new"}""", Token('2'));

        Assert.Equal("new", await Resolve($"{created.ARN}:password::"));
        Assert.Equal("old", await Resolve($"{created.ARN}:password:AWSPREVIOUS:"));
        Assert.Equal("old", await Resolve($"{created.ARN}:password::{Token('1')}"));
        Assert.Equal("""{"password":"old"}""", await Resolve($"{created.ARN}::AWSPREVIOUS:"));
        Assert.Equal("new", await Resolve($"{created.ARN}:password:AWSCURRENT:{Token('2')}"));
        await RefusedAsync(() => Resolve($"{created.ARN}:password:AWSCURRENT:{Token('1')}"), "InvalidRequestException", "not associated");
    }

    [Fact]
    public async Task Resolve_Problems_FailAsGetSecretValueWouldWithoutShowingTheValue()
    {
        var db = await _h.CreateAsync("db", Json);
        var plain = await _h.CreateAsync("plain", "not-json-but-secret");
        await _h.Service.CreateAsync(new SecretsManagerRequest { Name = "bin", SecretBinary = [1, 2, 3] }, Ct);
        await _h.CreateAsync("gone");
        await _h.DeleteAsync("gone", 7);

        await RefusedAsync(() => Resolve("missing"), "ResourceNotFoundException");
        await RefusedAsync(() => Resolve($"{db.ARN}:nokey::"), "InvalidRequestException", "has no JSON key 'nokey'");
        var notJson = await RefusedAsync(() => Resolve($"{plain.ARN}:key::"), "InvalidRequestException", "not a JSON object");
        Assert.DoesNotContain("not-json-but-secret", notJson.Message, StringComparison.Ordinal);
        await RefusedAsync(() => Resolve("bin"), "InvalidRequestException", "binary");
        await RefusedAsync(() => Resolve("gone"), "InvalidRequestException", "marked for deletion");
        await RefusedAsync(() => Resolve($"{db.ARN}::NOSTAGE:"), "ResourceNotFoundException", "NOSTAGE");
    }

    [Theory]
    [InlineData("")]
    [InlineData("db:password::")]
    [InlineData("arn:aws:secretsmanager:us-east-1:123456789012:secret")]
    [InlineData("arn:aws:ssm:us-east-1:123456789012:parameter/db")]
    [InlineData("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:k:s:v:extra")]
    public void Parse_IllFormedValueFrom_IsInvalidParameter(string valueFrom) =>
        Refused(() => SecretReference.Parse(valueFrom), "InvalidParameterException");

    [Fact]
    public void Parse_ArnWithSuffix_SplitsTheFields()
    {
        var r = SecretReference.Parse("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password:AWSPREVIOUS:");

        Assert.Equal(new SecretReference("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", "password", "AWSPREVIOUS", null), r);
        Assert.Equal(new SecretReference("db", null, null, null), SecretReference.Parse("db"));
    }
}
