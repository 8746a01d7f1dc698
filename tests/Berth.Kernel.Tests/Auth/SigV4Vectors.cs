using System.Globalization;
using System.Text;
using Berth.Kernel.Auth;

namespace Berth.Kernel.Tests.Auth;

/// <summary>Loads the AWS SigV4 test suite copied to the output folder (see Vectors/SOURCE.md).</summary>
internal static class SigV4Vectors
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";
    public const string Service = "service";

    public static readonly DateTimeOffset Time =
        DateTimeOffset.ParseExact("20150830T123600Z", "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Auth", "Vectors");

    /// <summary>Case names relative to <see cref="Root"/>, e.g. <c>normalize-path/get-slash</c>.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.EnumerateFiles(Root, "*.req", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> All() => new(Names());

    public static string Read(string name, string extension) =>
        File.ReadAllText(Path.Combine(Root, name, Path.GetFileName(name) + extension), Encoding.UTF8);

    public static SigV4Request Request(string name) => Parse(Read(name, ".req"));

    public static SigV4Request SignedRequest(string name) => Parse(Read(name, ".sreq"));

    public static SigV4Signer Signer() => new(AccessKeyId, Secret, Region, Service);

    /// <summary>
    /// Parses a suite request file. The request target is taken verbatim as the wire path and query (it may hold
    /// raw spaces or UTF-8, as in get-space and get-utf8). A folded continuation line (get-header-value-multiline)
    /// is taken as one more value of the header above it, which is how the suite's canonical request treats it.
    /// </summary>
    public static SigV4Request Parse(string text)
    {
        var headEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headEnd < 0 ? text : text[..headEnd];
        var body = headEnd < 0 ? "" : text[(headEnd + 2)..];
        var lines = head.Split('\n');

        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(' ')];
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                headers.Add(new(headers[^1].Key, line));
                continue;
            }

            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return new SigV4Request(method, path, query, headers, Encoding.UTF8.GetBytes(body));
    }
}
