using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Berth.Ecr.Registry.Tests;

/// <summary>Small helpers that speak the distribution API the way clients do.</summary>
public static class RegistryClient
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Digest(string text) => Digest(Encoding.UTF8.GetBytes(text));

    public static async Task<string> PushBlobAsync(this HttpClient client, string repo, byte[] bytes)
    {
        var digest = Digest(bytes);
        using var response = await client.PostAsync($"/v2/{repo}/blobs/uploads/?digest={digest}", new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return digest;
    }

    public static string Descriptor(string mediaType, string digest, long size) =>
        $$"""{"mediaType":"{{mediaType}}","digest":"{{digest}}","size":{{size}}}""";

    /// <summary>Pushes a config and one layer, returns the manifest JSON (not pushed) with its parts.</summary>
    public static async Task<string> ImageManifestAsync(this HttpClient client, string repo, string layerText, string? subject = null, string? artifactType = null, string? annotations = null)
    {
        var config = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"note":"{{layerText}}"}""");
        var layer = Encoding.UTF8.GetBytes(layerText);
        var configDigest = await client.PushBlobAsync(repo, config);
        var layerDigest = await client.PushBlobAsync(repo, layer);
        var extra = "";
        if (subject is not null)
            extra += $",\"subject\":{subject}";
        if (artifactType is not null)
            extra += $",\"artifactType\":\"{artifactType}\"";
        if (annotations is not null)
            extra += $",\"annotations\":{annotations}";
        return $$"""{"schemaVersion":2,"mediaType":"{{OciManifest}}","config":{{Descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.Length)}},"layers":[{{Descriptor("application/vnd.oci.image.layer.v1.tar", layerDigest, layer.Length)}}]{{extra}}}""";
    }

    public static async Task<HttpResponseMessage> PutManifestAsync(this HttpClient client, string repo, string reference, string json, string mediaType = OciManifest)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PutAsync($"/v2/{repo}/manifests/{reference}", content);
    }

    public static async Task<string> PushImageAsync(this HttpClient client, string repo, string tag, string layerText)
    {
        var json = await client.ImageManifestAsync(repo, layerText);
        using var response = await client.PutManifestAsync(repo, tag, json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Digest(json);
    }

    /// <summary>Asserts the spec's error body and returns its code.</summary>
    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        var errors = doc.RootElement.GetProperty("errors");
        Assert.Equal(1, errors.GetArrayLength());
        var error = errors[0];
        Assert.True(error.TryGetProperty("message", out _), body);
        Assert.True(error.TryGetProperty("detail", out _), body);
        return error.GetProperty("code").GetString()!;
    }

    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await ErrorCodeAsync(response));
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
        : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c)
        : throw new Xunit.Sdk.XunitException($"no {name} header");
}
