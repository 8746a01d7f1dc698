using Berth.Kernel;

namespace Berth.Elb;

/// <summary>Marker/PageSize paging of the Describe operations (page size 1–400, as ELB allows).</summary>
public static class ElbPaging
{
    public const int MaxPageSize = 400;

    public static (List<T> Page, string? NextMarker) Page<T>(IReadOnlyList<T> all, string? marker, int? pageSize, string listing)
    {
        var size = pageSize is null ? MaxPageSize : ElbRefusals.Range(pageSize, "pageSize", 1, MaxPageSize);
        int offset;
        try
        {
            offset = Paging.Decode(marker, listing);
        }
        catch (AwsException)
        {
            throw ElbErrors.Validation("The marker is not valid for this request: it was not issued by a previous call with the same parameters.");
        }
        var page = all.Skip(offset).Take(size).ToList();
        return (page, offset + page.Count < all.Count ? Paging.Encode(offset + page.Count, page.Count, size, listing) : null);
    }
}
