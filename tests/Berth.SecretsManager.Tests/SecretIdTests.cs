using static Berth.TestSupport.AwsAssert;

namespace Berth.SecretsManager.Tests;

/// <summary>SecretId: a name, a full ARN (with AWS's random suffix) or a partial ARN (without it).</summary>
public sealed class SecretIdTests : IDisposable
{
    readonly SecretsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Get_ByNameFullArnAndPartialArn_FindsTheSecret()
    {
        var created = await _h.CreateAsync("svc/token", "t0k3n");
        var partial = created.ARN[..^7];

        Assert.Equal("t0k3n", (await _h.GetAsync("svc/token")).SecretString);
        Assert.Equal("t0k3n", (await _h.GetAsync(created.ARN)).SecretString);
        Assert.Equal("t0k3n", (await _h.GetAsync(partial)).SecretString);
        Assert.EndsWith(":secret:svc/token", partial, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:secretsmanager:eu-west-1:123456789012:secret:svc")]
    [InlineData("arn:aws:secretsmanager:us-east-1:999999999999:secret:svc")]
    [InlineData("arn:aws:ssm:us-east-1:123456789012:secret:svc")]
    [InlineData("arn:aws:secretsmanager:us-east-1:123456789012:parameter:svc")]
    [InlineData("arn:aws:secretsmanager:us-east-1:123456789012:secret:")]
    [InlineData("arn:nonsense")]
    [InlineData("svc-AbCdEf")]
    public async Task Get_IdOfAnotherRegionAccountServiceOrSecret_IsNotFound(string secretId)
    {
        await _h.CreateAsync("svc");

        await RefusedAsync(() => _h.GetAsync(secretId), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    [Fact]
    public async Task Get_FullArnWithAnotherSuffix_IsNotFound()
    {
        var created = await _h.CreateAsync("svc");
        var wrongSuffix = created.ARN[..^6] + (created.ARN[^6..] == "AAAAAA" ? "BBBBBB" : "AAAAAA");

        await RefusedAsync(() => _h.GetAsync(wrongSuffix), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Get_NameThatLooksLikeAnArnSuffix_FullArnWinsAsInAws()
    {
        // "db" gets an ARN ending in db-XXXXXX; a second secret is then named exactly "db-XXXXXX".
        var db = await _h.CreateAsync("db", "first");
        var lookalike = db.ARN[(db.ARN.LastIndexOf(':') + 1)..];
        var other = await _h.CreateAsync(lookalike, "second");

        Assert.Equal("first", (await _h.GetAsync(db.ARN)).SecretString);
        Assert.Equal("second", (await _h.GetAsync(lookalike)).SecretString);
        Assert.Equal("second", (await _h.GetAsync(other.ARN)).SecretString);
        // The partial ARN of the look-alike is the full ARN of "db": as AWS warns, the full ARN is matched first.
        Assert.Equal("first", (await _h.GetAsync(other.ARN[..^7])).SecretString);
    }

    [Fact]
    public async Task Get_SecretIdLength_Is1To2048()
    {
        await RefusedAsync(() => _h.GetAsync(""), "ValidationException");
        await RefusedAsync(() => _h.GetAsync(new string('x', 2049)), "ValidationException");
    }
}
