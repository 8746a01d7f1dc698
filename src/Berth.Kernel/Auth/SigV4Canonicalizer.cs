using System.Text;

namespace Berth.Kernel.Auth;

/// <summary>Builds the SigV4 canonical request (shared by <see cref="SigV4Signer"/> and <see cref="SigV4Verifier"/>).</summary>
internal static class SigV4Canonicalizer
{
    public static string CanonicalRequest(
        SigV4Request request, IReadOnlyList<string> signedHeaderNames, string signedHeadersLine, string payloadHash, bool presigned)
    {
        var sb = new StringBuilder();
        sb.Append(request.Method).Append('\n');
        sb.Append(CanonicalPath(request.Path)).Append('\n');
        sb.Append(CanonicalQuery(request.QueryString, presigned ? SigV4Constants.SignatureParam : null)).Append('\n');
        sb.Append(CanonicalHeaders(request.Headers, signedHeaderNames)).Append('\n');
        sb.Append(signedHeadersLine).Append('\n');
        sb.Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>
    /// Canonical URI for non-S3 services: dot segments removed, empty segments (duplicate slashes) dropped,
    /// a trailing slash kept, and each segment of the wire path URI-encoded once more.
    /// </summary>
    public static string CanonicalPath(string rawPath)
    {
        var kept = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (kept.Count > 0)
                    {
                        kept.RemoveAt(kept.Count - 1);
                    }

                    break;
                default:
                    kept.Add(segment);
                    break;
            }
        }

        if (kept.Count == 0)
        {
            return "/";
        }

        var sb = new StringBuilder();
        foreach (var segment in kept)
        {
            sb.Append('/').Append(SigV4Encoding.UriEncode(segment));
        }

        if (rawPath.EndsWith('/'))
        {
            sb.Append('/');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Canonical query: each name and value decoded then RFC 3986-encoded, sorted by encoded name then value,
    /// parameters without '=' get an empty value. <paramref name="excludedName"/> (decoded) is left out.
    /// </summary>
    public static string CanonicalQuery(string rawQuery, string? excludedName)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var (name, value) in SplitQuery(rawQuery))
        {
            if (excludedName is not null && SigV4Encoding.QueryDecodeToString(name) == excludedName)
            {
                continue;
            }

            pairs.Add((Reencode(name), Reencode(value)));
        }

        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>Splits a raw query string into raw (still encoded) name/value pairs, skipping empty parts.</summary>
    public static IEnumerable<(string Name, string Value)> SplitQuery(string rawQuery)
    {
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            yield return eq < 0 ? (part, "") : (part[..eq], part[(eq + 1)..]);
        }
    }

    /// <summary>One <c>name:value\n</c> line per signed header; repeated headers joined with ','.</summary>
    public static string CanonicalHeaders(IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlyList<string> signedHeaderNames)
    {
        var sb = new StringBuilder();
        foreach (var name in signedHeaderNames)
        {
            var values = SigV4Headers.Values(headers, name).Select(NormalizeHeaderValue);
            sb.Append(name.ToLowerInvariant()).Append(':').AppendJoin(',', values).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Trims the value and collapses runs of whitespace into a single space.</summary>
    public static string NormalizeHeaderValue(string value)
    {
        var sb = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>The <c>x-amz-content-sha256</c> header as given if present, else the SHA-256 of the body.</summary>
    public static string PayloadHash(SigV4Request request) =>
        SigV4Headers.First(request.Headers, SigV4Constants.ContentSha256Header)?.Trim()
        ?? SigV4Crypto.Sha256Hex(request.Body);

    private static string Reencode(string raw) => SigV4Encoding.UriEncode(SigV4Encoding.QueryDecode(raw));
}
