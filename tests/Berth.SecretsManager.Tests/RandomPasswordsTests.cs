using Berth.SecretsManager.Api;
using static Berth.TestSupport.AwsAssert;

namespace Berth.SecretsManager.Tests;

public sealed class RandomPasswordsTests
{
    const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    [Fact]
    public void Generate_Defaults_Are32CharactersOfEveryClass()
    {
        for (var i = 0; i < 50; i++)
        {
            var p = RandomPasswords.Generate(new SecretsManagerRequest());
            Assert.Equal(32, p.Length);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, c => Punctuation.Contains(c));
            Assert.DoesNotContain(' ', p);
        }
    }

    [Fact]
    public void Generate_Exclusions_AreHonoured()
    {
        var p = RandomPasswords.Generate(new SecretsManagerRequest
        {
            PasswordLength = 200,
            ExcludePunctuation = true,
            ExcludeUppercase = true,
            ExcludeCharacters = "abc0",
        });

        Assert.Equal(200, p.Length);
        Assert.All(p, c => Assert.True((char.IsLower(c) || char.IsDigit(c)) && !"abc0".Contains(c)));
        Assert.Contains(p, char.IsDigit);
    }

    [Fact]
    public void Generate_IncludeSpace_MayUseSpaces()
    {
        var p = RandomPasswords.Generate(new SecretsManagerRequest { PasswordLength = 4096, IncludeSpace = true, ExcludeLowercase = true, ExcludeUppercase = true, ExcludePunctuation = true });

        Assert.Contains(' ', p);
        Assert.All(p, c => Assert.True(c == ' ' || char.IsDigit(c)));
    }

    [Fact]
    public void Generate_RequireEachIncludedTypeFalse_AllowsOneCharacter() =>
        Assert.Single(RandomPasswords.Generate(new SecretsManagerRequest { PasswordLength = 1, RequireEachIncludedType = false }));

    [Fact]
    public void Generate_Impossible_IsRefused()
    {
        Refused(() => RandomPasswords.Generate(new SecretsManagerRequest { ExcludeLowercase = true, ExcludeUppercase = true, ExcludeNumbers = true, ExcludePunctuation = true }), "InvalidParameterException", "excluded");
        Refused(() => RandomPasswords.Generate(new SecretsManagerRequest { PasswordLength = 3 }), "InvalidParameterException", "too short");
        Refused(() => RandomPasswords.Generate(new SecretsManagerRequest { PasswordLength = 4097 }), "ValidationException");
        Refused(() => RandomPasswords.Generate(new SecretsManagerRequest { PasswordLength = 0 }), "ValidationException");
    }
}
