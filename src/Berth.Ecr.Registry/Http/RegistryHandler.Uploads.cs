using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Berth.Ecr.Registry.Http;

internal sealed partial class RegistryHandler
{
    async Task StartUploadAsync(HttpContext context, RegistryRoute route, CancellationToken ct)
    {
        RequireMethod(context, "POST");
        var query = context.Request.Query;
        var name = route.Name;
        if (query.TryGetValue("mount", out var mount) && mount.ToString().Length > 0)
        {
            var digest = RegistryNames.ParseDigest(mount.ToString());
            var from = query["from"].ToString();
            if (RegistryNames.IsValidName(from) && from != name
                && await catalog.RepositoryExistsAsync(from, ct) && blobs.LinkedBlobSize(from, digest) is not null)
            {
                try
                {
                    blobs.LinkLayer(name, digest);
                    await BlobCreatedAsync(context, name, digest);
                    return;
                }
                catch (RegistryException e) when (e.Code == "BLOB_UNKNOWN")
                {
                    // collected in between: fall back to an upload
                }
            }
            else if (from == name && blobs.LinkedBlobSize(name, digest) is not null)
            {
                await BlobCreatedAsync(context, name, digest);
                return;
            }
        }
        else if (query.TryGetValue("digest", out var d))
        {
            var digest = RegistryNames.ParseDigest(d.ToString());
            AllowUnlimitedBody(context);
            await uploads.PutMonolithicAsync(name, context.Request.Body, digest, ct);
            await BlobCreatedAsync(context, name, digest);
            return;
        }
        var id = uploads.Start(name);
        UploadHeaders(context, name, id, 0);
        await RegistryResponses.EmptyAsync(context, 202);
    }

    async Task UploadAsync(HttpContext context, RegistryRoute route, CancellationToken ct)
    {
        var name = route.Name;
        var id = route.Argument;
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            UploadHeaders(context, name, id, uploads.Size(name, id));
            await RegistryResponses.EmptyAsync(context, 204);
        }
        else if (HttpMethods.IsPatch(method))
        {
            AllowUnlimitedBody(context);
            var (start, end) = ParseContentRange(context.Request.Headers.ContentRange.ToString());
            if (start is not null && context.Request.ContentLength is { } length && length != end - start + 1)
                throw RegistryErrors.RangeInvalid("Content-Length does not match Content-Range");
            try
            {
                var size = await uploads.AppendAsync(name, id, context.Request.Body, start, end, ct);
                UploadHeaders(context, name, id, size);
                await RegistryResponses.EmptyAsync(context, 202);
            }
            catch (RegistryException e) when (e.Status == 416)
            {
                UploadHeaders(context, name, id, uploads.Size(name, id));
                throw;
            }
        }
        else if (HttpMethods.IsPut(method))
        {
            AllowUnlimitedBody(context);
            var digest = RegistryNames.ParseDigest(context.Request.Query["digest"].ToString() is { Length: > 0 } q ? q : null);
            await uploads.CompleteAsync(name, id, context.Request.Body, digest, ct);
            await BlobCreatedAsync(context, name, digest);
        }
        else if (HttpMethods.IsDelete(method))
        {
            uploads.Cancel(name, id);
            await RegistryResponses.EmptyAsync(context, 204);
        }
        else
        {
            throw RegistryErrors.Unsupported($"{method} is not supported on an upload");
        }
    }

    static Task BlobCreatedAsync(HttpContext context, string name, string digest)
    {
        context.Response.Headers.Location = $"/v2/{name}/blobs/{digest}";
        context.Response.Headers["Docker-Content-Digest"] = digest;
        return RegistryResponses.EmptyAsync(context, 201);
    }

    static void UploadHeaders(HttpContext context, string name, string id, long size)
    {
        var h = context.Response.Headers;
        h.Location = $"/v2/{name}/blobs/uploads/{id}";
        h["Docker-Upload-UUID"] = id;
        h.Range = $"0-{Math.Max(0, size - 1).ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The spec's <c>Content-Range: &lt;start&gt;-&lt;end&gt;</c> (a <c>bytes </c> prefix is tolerated).</summary>
    static (long? Start, long? End) ParseContentRange(string header)
    {
        if (header.Length == 0)
            return (null, null);
        var spec = header.Trim();
        if (spec.StartsWith("bytes", StringComparison.OrdinalIgnoreCase))
            spec = spec[5..].TrimStart(' ', '=');
        var slash = spec.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
            spec = spec[..slash];
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0
            && long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && long.TryParse(spec[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            && end >= start)
            return (start, end);
        throw RegistryErrors.RangeInvalid($"invalid Content-Range '{header}'");
    }
}
