using Berth.Ecr.Registry.Manifests;
using Microsoft.AspNetCore.Http;

namespace Berth.Ecr.Registry.Http;

internal sealed partial class RegistryHandler
{
    async Task ManifestAsync(HttpContext context, Repository repository, RegistryRoute route, CancellationToken ct)
    {
        var method = context.Request.Method;
        var name = route.Name;
        var reference = route.Argument;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            var record = (await catalog.ResolveAsync(name, reference, ct)).Value;
            var bytes = await blobs.ReadAllAsync(record.Digest, ct) ?? throw RegistryErrors.ManifestUnknown(reference);
            var r = context.Response;
            r.StatusCode = 200;
            r.ContentType = record.MediaType;
            r.ContentLength = bytes.Length;
            r.Headers["Docker-Content-Digest"] = record.Digest;
            r.Headers.ETag = $"\"{record.Digest}\"";
            if (HttpMethods.IsGet(method))
                await r.Body.WriteAsync(bytes, ct);
        }
        else if (HttpMethods.IsPut(method))
        {
            var mediaType = MediaTypes.Normalize(context.Request.ContentType);
            if (mediaType is null || !(MediaTypes.IsIndex(mediaType) || MediaTypes.IsManifest(mediaType)))
                throw RegistryErrors.ManifestInvalid($"unsupported manifest media type '{context.Request.ContentType}'");
            var bytes = await ReadManifestBodyAsync(context.Request, ct);
            var (digest, subject, _) = await catalog.PutAsync(repository, reference, mediaType, bytes, ct);
            var h = context.Response.Headers;
            h.Location = $"/v2/{name}/manifests/{digest}";
            h["Docker-Content-Digest"] = digest;
            if (subject is not null)
                h["OCI-Subject"] = subject;
            await RegistryResponses.EmptyAsync(context, 201);
        }
        else if (HttpMethods.IsDelete(method))
        {
            await catalog.DeleteAsync(name, reference, ct);
            await RegistryResponses.EmptyAsync(context, 202);
        }
        else
        {
            throw RegistryErrors.Unsupported($"{method} is not supported on a manifest");
        }
    }

    /// <summary>The manifest body, at most 4 MiB (413 beyond).</summary>
    static async Task<ReadOnlyMemory<byte>> ReadManifestBodyAsync(HttpRequest request, CancellationToken ct)
    {
        const int limit = ImageCatalog.MaxManifestBytes;
        if (request.ContentLength > limit)
            throw RegistryErrors.TooLarge($"manifest larger than {limit} bytes");
        var buffer = new MemoryStream(request.ContentLength is { } n ? (int)n : 16 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
                throw RegistryErrors.TooLarge($"manifest larger than {limit} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
