using System.Text;
using System.Xml;

namespace Berth.Kernel.Protocol;

/// <summary>
/// The EC2 protocol's documents: <c>&lt;ActionResponse xmlns&gt;&lt;requestId&gt;</c> followed by the members themselves
/// (no Result wrapper), and errors as <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c> with <c>&lt;RequestID&gt;</c>.
/// </summary>
public static class Ec2Responses
{
    static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, Indent = false };

    public static byte[] Success(string action, string ns, string requestId, Action<QueryXmlWriter>? result) => Write(x =>
    {
        x.WriteStartElement(action + "Response", ns);
        x.WriteElementString("requestId", ns, requestId);
        result?.Invoke(new QueryXmlWriter(x, ns));
        x.WriteEndElement();
    });

    public static byte[] Error(string code, string message, string requestId) => Write(x =>
    {
        x.WriteStartElement("Response");
        var w = new QueryXmlWriter(x, "");
        w.Struct("Errors", () => w.Struct("Error", () =>
        {
            w.Value("Code", code);
            w.Value("Message", message);
        }));
        w.Value("RequestID", requestId);
        x.WriteEndElement();
    });

    static byte[] Write(Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var x = XmlWriter.Create(stream, Settings))
            body(x);
        return stream.ToArray();
    }
}
