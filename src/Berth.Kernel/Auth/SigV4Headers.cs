namespace Berth.Kernel.Auth;

internal static class SigV4Headers
{
    /// <summary>All values of the header <paramref name="name"/> (case-insensitive), in the order received.</summary>
    public static List<string> Values(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        var values = new List<string>();
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(value);
            }
        }

        return values;
    }

    public static string? First(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
