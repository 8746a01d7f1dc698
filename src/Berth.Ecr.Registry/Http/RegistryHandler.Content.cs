using System.Globalization;
using System.Text.Json;
using Berth.Ecr.Registry.Manifests;
using Microsoft.AspNetCore.Http;

namespace Berth.Ecr.Registry.Http;

internal sealed partial class RegistryHandler
{
    public const int MaxTagsPage = 1000;

    async Task TagsAsync(HttpContext context, RegistryRoute route, CancellationToken ct)
    {
        RequireMethod(context, "GET", "HEAD");
        var query = context.Request.Query;
        var n = MaxTagsPage;
        if (query.TryGetValue("n", out var nValue) && nValue.ToString().Length > 0)
        {
            if (!int.TryParse(nValue.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
            {
                if (!long.TryParse(nValue.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    throw new RegistryException(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested", nValue.ToString());
                n = MaxTagsPage;
            }
            n = Math.Min(n, MaxTagsPage);
        }
        var last = query["last"].ToString();
        var all = (await catalog.ListAsync(route.Name, ct))
            .SelectMany(i => i.Value.Tags)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var after = last.Length == 0 ? all : all.Where(t => string.CompareOrdinal(t, last) > 0).ToList();
        var page = after.Take(n).ToList();
        if (after.Count > page.Count && page.Count > 0)
        {
            var next = $"/v2/{route.Name}/tags/list?n={n.ToString(CultureInfo.InvariantCulture)}&last={Uri.EscapeDataString(page[^1])}";
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }
        await RegistryResponses.JsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", route.Name);
            w.WriteStartArray("tags");
            foreach (var tag in page)
                w.WriteStringValue(tag);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    async Task ReferrersAsync(HttpContext context, RegistryRoute route, CancellationToken ct)
    {
        RequireMethod(context, "GET", "HEAD");
        var digest = RegistryNames.ParseDigest(route.Argument);
        var artifactType = context.Request.Query["artifactType"].ToString();
        var referrers = new List<(string MediaType, string Digest, long Size, string? ArtifactType, byte[]? Annotations)>();
        foreach (var stored in await catalog.ListAsync(route.Name, ct))
        {
            var image = stored.Value;
            if (image.Subject != digest)
                continue;
            var type = image.ArtifactType ?? (MediaTypes.IsManifest(image.MediaType) ? image.ConfigMediaType : null);
            if (artifactType.Length > 0 && type != artifactType)
                continue;
            referrers.Add((image.MediaType, image.Digest, image.ManifestSize, type, await AnnotationsAsync(image.Digest, ct)));
        }
        if (artifactType.Length > 0)
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        await RegistryResponses.JsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", MediaTypes.OciIndex);
            w.WriteStartArray("manifests");
            foreach (var r in referrers)
            {
                w.WriteStartObject();
                w.WriteString("mediaType", r.MediaType);
                w.WriteString("digest", r.Digest);
                w.WriteNumber("size", r.Size);
                if (r.ArtifactType is not null)
                    w.WriteString("artifactType", r.ArtifactType);
                if (r.Annotations is not null)
                {
                    w.WritePropertyName("annotations");
                    w.WriteRawValue(r.Annotations, skipInputValidation: true);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }, MediaTypes.OciIndex);
    }

    /// <summary>The <c>annotations</c> object of a stored manifest, as raw JSON, if it has one.</summary>
    async Task<byte[]?> AnnotationsAsync(string digest, CancellationToken ct)
    {
        var bytes = await blobs.ReadAllAsync(digest, ct);
        if (bytes is null)
            return null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object
                ? System.Text.Encoding.UTF8.GetBytes(a.GetRawText())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
