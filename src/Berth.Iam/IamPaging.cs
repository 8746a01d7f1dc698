using System.Text;

namespace Berth.Iam;

/// <summary>One page of a listing, as IAM answers it: the items, IsTruncated (always there) and the next Marker when truncated.</summary>
public sealed record IamPage<T>(List<T> Items, bool IsTruncated, string? Marker);

/// <summary>
/// IAM's paging: MaxItems (1–1000, 100 by default) and an opaque Marker. The marker is the sort key of the last item
/// returned, so a page after a deletion starts where the previous one ended rather than skipping an item.
/// </summary>
internal static class IamPaging
{
    public const int DefaultMaxItems = 100;

    /// <summary>The page after <paramref name="marker"/> of items sorted by <paramref name="key"/> (ordinal).</summary>
    public static IamPage<T> Page<T>(IEnumerable<T> items, Func<T, string> key, string? marker, int? maxItems)
    {
        var limit = IamValidation.MaxItems(maxItems) ?? DefaultMaxItems;
        var after = Decode(marker);
        var sorted = items.Select(i => (Key: key(i), Item: i)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Where(p => after is null || string.CompareOrdinal(p.Key, after) > 0).ToList();
        var page = sorted.Take(limit).ToList();
        var truncated = sorted.Count > limit;
        return new IamPage<T>([.. page.Select(p => p.Item)], truncated, truncated ? Encode(page[^1].Key) : null);
    }

    static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("m1:" + key));

    static string? Decode(string? marker)
    {
        if (marker is null)
            return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(marker));
            if (text.StartsWith("m1:", StringComparison.Ordinal))
                return text[3..];
        }
        catch (FormatException)
        {
            // Refused below.
        }
        throw IamValidation.Constraint(marker, "marker", "Member must be a marker a previous answer of this listing returned");
    }
}
