using System.Net;
using System.Text;

namespace Berth.Kernel.Protocol;

/// <summary>Decodes an <c>application/x-www-form-urlencoded</c> body (and the URL's query string) into parameters.</summary>
public static class QueryForm
{
    /// <summary>More than this many parameters is not a request any ELB operation needs.</summary>
    public const int MaxParameters = 5000;

    public static Dictionary<string, string> Parse(string queryString, byte[] body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(values, queryString);
        Add(values, Encoding.UTF8.GetString(body));
        return values;
    }

    static void Add(Dictionary<string, string> values, string encoded)
    {
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            if (key.Length == 0)
                continue;
            values[key] = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            if (values.Count > MaxParameters)
                throw new AwsException("ValidationError", $"The request has more than {MaxParameters} parameters.");
        }
    }

    static string Decode(string s) => WebUtility.UrlDecode(s) ?? "";
}
