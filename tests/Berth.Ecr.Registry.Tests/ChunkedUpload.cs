using System.Net;
using System.Net.Http.Headers;

namespace Berth.Ecr.Registry.Tests;

/// <summary>The spec's chunked push: POST, PATCH per chunk with Content-Range, PUT ?digest=.</summary>
public static class ChunkedUpload
{
    public static async Task<string> StartAsync(this HttpClient client, string repo)
    {
        using var start = await client.PostAsync($"/v2/{repo}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return start.Headers.Location!.OriginalString;
    }

    public static async Task<string> PatchAsync(this HttpClient client, string location, byte[] bytes, long offset, int count)
    {
        using var content = new ByteArrayContent(bytes, (int)offset, count);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
        request.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + count - 1}");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"0-{offset + count - 1}", response.Header("Range"));
        return response.Headers.Location!.OriginalString;
    }

    public static async Task<HttpResponseMessage> CompleteAsync(this HttpClient client, string location, string digest)
    {
        var separator = location.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return await client.PutAsync($"{location}{separator}digest={Uri.EscapeDataString(digest)}", new ByteArrayContent([]));
    }

    /// <summary>Pushes <paramref name="bytes"/> in chunks of <paramref name="chunk"/> bytes; asserts 201 and the digest.</summary>
    public static async Task<string> PushChunkedAsync(this HttpClient client, string repo, byte[] bytes, int chunk)
    {
        var digest = RegistryClient.Digest(bytes);
        var location = await client.StartAsync(repo);
        for (long offset = 0; offset < bytes.Length; offset += chunk)
            location = await client.PatchAsync(location, bytes, offset, (int)Math.Min(chunk, bytes.Length - offset));
        using var done = await client.CompleteAsync(location, digest);
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        Assert.Equal(digest, done.Header("Docker-Content-Digest"));
        return digest;
    }

    /// <summary>GETs the blob and asserts its SHA-256 is <paramref name="digest"/>.</summary>
    public static async Task AssertBlobAsync(this HttpClient client, string repo, string digest)
    {
        using var response = await client.GetAsync($"/v2/{repo}/blobs/{digest}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {repo}@{digest}: {(int)response.StatusCode}");
        Assert.Equal(digest, RegistryClient.Digest(await response.Content.ReadAsByteArrayAsync()));
    }
}
