using Berth.SecretsManager.Api;

namespace Berth.SecretsManager.Tests.Api;

public sealed class SecretsManagerAccessTests : IDisposable
{
    readonly SecretsHarness _h = new();
    readonly SecretsManagerAccess _a;

    public SecretsManagerAccessTests() => _a = new SecretsManagerAccess(_h.Secrets);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task GetSecretValue_ByName_AsksOnTheFullArnWithItsSuffix()
    {
        var created = await _h.CreateAsync("prod/db/password", "hunter2");

        var access = Assert.Single(await _a.Secret("GetSecretValue", new SecretsManagerRequest { SecretId = "prod/db/password" }, SecretsHarness.Ct));

        Assert.Equal("secretsmanager:GetSecretValue", access.Action);
        Assert.Equal([created.ARN], access.Resources);
        Assert.Matches(@":secret:prod/db/password-[A-Za-z0-9]{6}$", access.Resources[0]);
        Assert.Equal(["prod/db/password"], access.Context["secretsmanager:SecretId"]);
    }

    [Fact]
    public async Task MissingSecret_NamedAsGiven_SoOnlyAnAllowedCallerLearnsItIsMissing()
    {
        var access = Assert.Single(await _a.Secret("DescribeSecret", new SecretsManagerRequest { SecretId = "nope" }, SecretsHarness.Ct));

        Assert.Equal(["arn:aws:secretsmanager:us-east-1:123456789012:secret:nope"], access.Resources);
    }

    [Fact]
    public void CreateSecret_OnItsNameWithRequestTags()
    {
        var access = Assert.Single(_a.Create(new SecretsManagerRequest { Name = "app/key", Tags = [new() { Key = "team", Value = "a" }] }));

        Assert.Equal(["arn:aws:secretsmanager:us-east-1:123456789012:secret:app/key"], access.Resources);
        Assert.Equal(["a"], access.Context["aws:RequestTag/team"]);
    }
}
