using static Berth.SecretsManager.Tests.SecretsHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.SecretsManager.Tests;

public sealed class SecretPolicyTests : IDisposable
{
    const string Private = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""";
    const string Public = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}}""";

    readonly SecretsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Get_SecretWithoutPolicy_AnswersWithNoPolicy()
    {
        var created = await _h.CreateAsync("s");

        var policy = await _h.Policies.GetAsync("s", Ct);

        Assert.Equal(created.ARN, policy.ARN);
        Assert.Null(policy.ResourcePolicy);
    }

    [Fact]
    public async Task PutGetDelete_KeepThePolicyAsGiven()
    {
        await _h.CreateAsync("s");

        await _h.Policies.PutAsync("s", Private, blockPublic: true, Ct);
        Assert.Equal(Private, (await _h.Policies.GetAsync("s", Ct)).ResourcePolicy);

        await _h.Policies.DeleteAsync("s", Ct);
        Assert.Null((await _h.Policies.GetAsync("s", Ct)).ResourcePolicy);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"Version":"2012-10-17"}""")]
    [InlineData("""{"Statement":[{"Effect":"Maybe","Action":"*"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow"}]}""")]
    [InlineData("""{"Version":5,"Statement":[{"Effect":"Allow","Action":"*"}]}""")]
    public async Task Put_MalformedPolicy_IsRefused(string policy)
    {
        await _h.CreateAsync("s");

        await RefusedAsync(() => _h.Policies.PutAsync("s", policy, false, Ct), "MalformedPolicyDocumentException");
        Assert.Null((await _h.Policies.GetAsync("s", Ct)).ResourcePolicy);
    }

    [Fact]
    public async Task Put_PublicPolicy_IsRefusedOnlyWhenBlockPublicPolicyIsSet()
    {
        await _h.CreateAsync("s");

        await RefusedAsync(() => _h.Policies.PutAsync("s", Public, true, Ct), "PublicPolicyException", "public access");
        await _h.Policies.PutAsync("s", Public, false, Ct);
        var conditioned = Public.Replace("\"Resource\":\"*\"", "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}", StringComparison.Ordinal);
        await _h.Policies.PutAsync("s", conditioned, true, Ct);
        Assert.True(ResourcePolicies.IsPublic("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:root","*"]},"Action":"*"}]}"""));
    }

    [Fact]
    public async Task Put_OnDeletedOrUnknownSecret_IsRefused()
    {
        await _h.CreateAsync("s");
        await _h.DeleteAsync("s", 7);

        await RefusedAsync(() => _h.Policies.PutAsync("s", Private, false, Ct), "InvalidRequestException", "marked for deletion");
        await RefusedAsync(() => _h.Policies.PutAsync("nope", Private, false, Ct), "ResourceNotFoundException");
        await RefusedAsync(() => _h.Policies.GetAsync("nope", Ct), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Validate_ReportsProblemsWithoutStoringAnything()
    {
        var ok = await _h.Policies.ValidateAsync(null, Private, Ct);
        var bad = await _h.Policies.ValidateAsync(null, """{"Statement":[{"Effect":"Allow"}]}""", Ct);

        Assert.True(ok.PolicyValidationPassed);
        Assert.Empty(ok.ValidationErrors);
        Assert.False(bad.PolicyValidationPassed);
        Assert.Equal("ACTION", Assert.Single(bad.ValidationErrors).CheckName);
        await RefusedAsync(() => _h.Policies.ValidateAsync(null, "{", Ct), "MalformedPolicyDocumentException");
        await RefusedAsync(() => _h.Policies.ValidateAsync("nope", Private, Ct), "ResourceNotFoundException");
    }
}
