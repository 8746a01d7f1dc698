using Berth.TestSupport;

namespace Berth.Ecr.Tests;

public sealed class ManifestMediaTypeTests
{
    const string Docker = "application/vnd.docker.distribution.manifest.v2+json";
    const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    const string OciIndex = "application/vnd.oci.image.index.v1+json";

    [Theory]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{}}""", null, Docker)]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{}}""", Docker, Docker)]
    [InlineData("""{"schemaVersion":2,"config":{},"layers":[]}""", null, OciManifest)]
    [InlineData("""{"schemaVersion":2,"manifests":[]}""", null, OciIndex)]
    [InlineData("""{"schemaVersion":2,"config":{},"layers":[]}""", Docker, Docker)]
    public void ManifestMediaType_IsGivenElseDeclaredElseInferred(string manifest, string? given, string expected) =>
        Assert.Equal(expected, ImagePushService.ManifestMediaType(manifest, given));

    [Theory]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}""", OciManifest, "does not match")]
    [InlineData("""{"schemaVersion":1,"name":"x","fsLayers":[]}""", null, "schema 1")]
    [InlineData("""{"schemaVersion":2,"mediaType":"text/plain"}""", null, "'text/plain' is not supported")]
    [InlineData("""{"schemaVersion":2,"mediaType":3}""", null, "mediaType must be a string")]
    [InlineData("[1]", null, "JSON object")]
    [InlineData("{", null, "Invalid JSON")]
    public void ManifestMediaType_RefusesWhatCannotBeStored(string manifest, string? given, string fragment) =>
        AwsAssert.Refused(() => ImagePushService.ManifestMediaType(manifest, given), "InvalidParameterException", fragment);
}
