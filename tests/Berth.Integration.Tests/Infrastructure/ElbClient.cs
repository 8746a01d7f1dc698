using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Berth.Kernel.Auth;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>A minimal ELBv2 client: Query protocol (form POST, <c>Version=2015-12-01</c>) signed with SigV4, XML answers.</summary>
public sealed class ElbClient(Uri endpoint, string accessKeyId, string secretAccessKey, string region = "us-east-1") : IDisposable
{
    const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";
    static readonly XNamespace Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    readonly SigV4Signer _signer = new(accessKeyId, secretAccessKey, region, "elasticloadbalancing");

    /// <summary>Calls <paramref name="action"/> and returns its <c>...Result</c> element; throws on an error answer.</summary>
    public async Task<XElement> CallAsync(string action, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        var form = new Dictionary<string, string>(parameters) { ["Action"] = action, ["Version"] = "2015-12-01" };
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        var host = endpoint.Authority;
        var signed = _signer.Sign(new SigV4Request("POST", "/", "", [new("Host", host), new("Content-Type", ContentType)], body));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.Host = host;
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        foreach (var (name, value) in signed.Request.Headers)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{action} failed ({(int)response.StatusCode}): {text}");
        return XDocument.Parse(text).Root!.Element(Ns + $"{action}Result") ?? throw new InvalidOperationException($"{action}: no result in {text}");
    }

    /// <summary>The text of the first element named <paramref name="name"/> under <paramref name="e"/>.</summary>
    public static string Value(XElement e, string name) => e.Descendants(Ns + name).First().Value;

    public static IEnumerable<string> Values(XElement e, string name) => e.Descendants(Ns + name).Select(x => x.Value);

    public void Dispose() => _http.Dispose();
}
