namespace Berth.Ecr.Registry.Http;

internal enum RouteKind
{
    Base,
    Blob,
    Uploads,
    Upload,
    Manifest,
    TagsList,
    Referrers,
}

/// <summary>
/// A <c>/v2/</c> path taken apart. Names may hold slashes, so the path is split on the last
/// <c>/blobs/</c>, <c>/manifests/</c>, <c>/tags/list</c> or <c>/referrers/</c>: what follows those never holds one
/// (except <c>uploads/&lt;id&gt;</c>, which holds no marker).
/// </summary>
internal sealed record RegistryRoute(RouteKind Kind, string Name, string Argument)
{
    static readonly string[] Markers = ["/blobs/", "/manifests/", "/tags/list", "/referrers/"];

    /// <summary>The route for <paramref name="rest"/> (the path after <c>/v2</c>), or null when it is none of the API's.</summary>
    public static RegistryRoute? Parse(string rest)
    {
        if (rest is "" or "/")
            return new RegistryRoute(RouteKind.Base, "", "");
        if (rest[0] != '/')
            rest = "/" + rest;
        var best = -1;
        string? marker = null;
        foreach (var m in Markers)
        {
            var i = rest.LastIndexOf(m, StringComparison.Ordinal);
            if (i > best)
            {
                best = i;
                marker = m;
            }
        }
        if (marker is null)
            return null;
        var name = best == 0 ? "" : rest[1..best];
        var arg = rest[(best + marker.Length)..];
        switch (marker)
        {
            case "/tags/list":
                return arg.Length == 0 ? new RegistryRoute(RouteKind.TagsList, name, "") : null;
            case "/manifests/":
                return arg.Length > 0 && !arg.Contains('/', StringComparison.Ordinal) ? new RegistryRoute(RouteKind.Manifest, name, arg) : null;
            case "/referrers/":
                return arg.Length > 0 && !arg.Contains('/', StringComparison.Ordinal) ? new RegistryRoute(RouteKind.Referrers, name, arg) : null;
            default:
                if (arg is "uploads" or "uploads/")
                    return new RegistryRoute(RouteKind.Uploads, name, "");
                if (arg.StartsWith("uploads/", StringComparison.Ordinal))
                {
                    var id = arg["uploads/".Length..];
                    return id.Contains('/', StringComparison.Ordinal) ? null : new RegistryRoute(RouteKind.Upload, name, id);
                }
                return arg.Length > 0 && !arg.Contains('/', StringComparison.Ordinal) ? new RegistryRoute(RouteKind.Blob, name, arg) : null;
        }
    }
}
