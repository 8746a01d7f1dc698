using System.Text.Json;
using Berth.TestSupport;

namespace Berth.Ecr.Tests;

public sealed class RepositoryConfigurationsTests
{
    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Scanning_DefaultsAndNormalizes()
    {
        Assert.Equal("""{"scanOnPush":false}""", RepositoryConfigurations.Scanning(null).GetRawText());
        Assert.Equal("""{"scanOnPush":false}""", RepositoryConfigurations.Scanning(Json("{}")).GetRawText());
        Assert.Equal("""{"scanOnPush":true}""", RepositoryConfigurations.Scanning(Json("""{ "scanOnPush" : true }""")).GetRawText());
    }

    [Theory]
    [InlineData("""{"scanOnPush":"yes"}""", "true or false")]
    [InlineData("""{"scanFilters":[]}""", "unknown member 'scanFilters'")]
    [InlineData("[]", "must be an object")]
    public void Scanning_RefusesMalformed(string text, string fragment) =>
        AwsAssert.Refused(() => RepositoryConfigurations.Scanning(Json(text)), "InvalidParameterException", fragment);

    [Fact]
    public void Scanning_WhenRequired_RefusesNone() =>
        AwsAssert.Refused(() => RepositoryConfigurations.Scanning(null, required: true), "InvalidParameterException", "imageScanningConfiguration is required");

    [Fact]
    public void Encryption_IsAes256OrRefusedByName()
    {
        Assert.Equal("""{"encryptionType":"AES256"}""", RepositoryConfigurations.Encryption(null).GetRawText());
        Assert.Equal("""{"encryptionType":"AES256"}""", RepositoryConfigurations.Encryption(Json("""{"encryptionType":"AES256"}""")).GetRawText());
        AwsAssert.Refused(() => RepositoryConfigurations.Encryption(Json("""{"encryptionType":"KMS"}""")), "InvalidParameterException", "no KMS");
        AwsAssert.Refused(() => RepositoryConfigurations.Encryption(Json("""{"encryptionType":"AES256","kmsKey":"k"}""")), "InvalidParameterException", "kmsKey");
        AwsAssert.Refused(() => RepositoryConfigurations.Encryption(Json("""{"encryptionType":"ROT13"}""")), "InvalidParameterException", "ROT13");
        AwsAssert.Refused(() => RepositoryConfigurations.Encryption(Json("{}")), "InvalidParameterException", "encryptionType is required");
    }
}
