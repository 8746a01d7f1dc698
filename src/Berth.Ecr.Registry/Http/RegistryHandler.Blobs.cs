using System.Globalization;
using Berth.Ecr.Registry.Manifests;
using Microsoft.AspNetCore.Http;

namespace Berth.Ecr.Registry.Http;

internal sealed partial class RegistryHandler
{
    async Task BlobAsync(HttpContext context, RegistryRoute route, CancellationToken ct)
    {
        RequireMethod(context, "GET", "HEAD", "DELETE");
        var digest = RegistryNames.ParseDigest(route.Argument);
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            if (!blobs.UnlinkLayer(route.Name, digest))
                throw RegistryErrors.BlobUnknown(digest);
            await RegistryResponses.EmptyAsync(context, 202);
            return;
        }
        var size = blobs.LinkedBlobSize(route.Name, digest) ?? throw RegistryErrors.BlobUnknown(digest);
        var r = context.Response;
        r.Headers["Docker-Content-Digest"] = digest;
        r.Headers.ETag = $"\"{digest}\"";
        r.Headers.AcceptRanges = "bytes";
        r.ContentType = MediaTypes.OctetStream;
        long offset = 0, length = size;
        var range = context.Request.Headers.Range.ToString();
        if (range.Length > 0)
        {
            if (!TryParseRange(range, size, out offset, out length))
            {
                r.Headers.ContentRange = $"bytes */{size}";
                throw new RegistryException(416, "BLOB_UNKNOWN", "requested range not satisfiable", range);
            }
            r.StatusCode = 206;
            r.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{size}";
        }
        else
        {
            r.StatusCode = 200;
        }
        r.ContentLength = length;
        if (HttpMethods.IsHead(context.Request.Method) || length == 0)
            return;
        try
        {
            await r.SendFileAsync(blobs.BlobPath(digest), offset, length, ct);
        }
        catch (FileNotFoundException) when (!r.HasStarted)
        {
            throw RegistryErrors.BlobUnknown(digest);
        }
    }

    /// <summary>One range of <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>; false when it cannot be satisfied.</summary>
    internal static bool TryParseRange(string header, long size, out long offset, out long length)
    {
        offset = 0;
        length = 0;
        const string unit = "bytes=";
        if (!header.StartsWith(unit, StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
            return false;
        var spec = header[unit.Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
            return false;
        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0 || size == 0)
                return false;
            length = Math.Min(suffix, size);
            offset = size - length;
            return true;
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset >= size)
            return false;
        long end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < offset)
                return false;
            end = Math.Min(end, size - 1);
        }
        length = end - offset + 1;
        return true;
    }
}
