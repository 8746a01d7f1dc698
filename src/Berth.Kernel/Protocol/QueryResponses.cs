using System.Text;
using System.Xml;

namespace Berth.Kernel.Protocol;

/// <summary>The Query protocol's documents: <c>&lt;ActionResponse&gt;&lt;ActionResult&gt;</c> and <c>&lt;ErrorResponse&gt;</c>.</summary>
public static class QueryResponses
{
    static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true, Indent = false };

    public static byte[] Success(string action, string ns, string requestId, Action<QueryXmlWriter>? result) => Write(x =>
    {
        x.WriteStartElement(action + "Response", ns);
        x.WriteStartElement(action + "Result", ns);
        result?.Invoke(new QueryXmlWriter(x, ns));
        x.WriteEndElement();
        x.WriteStartElement("ResponseMetadata", ns);
        x.WriteElementString("RequestId", ns, requestId);
        x.WriteEndElement();
        x.WriteEndElement();
    });

    /// <summary>An error; Type is Sender for the client's faults (4xx), Receiver for the server's.</summary>
    public static byte[] Error(string ns, int status, string code, string message, string requestId) => Write(x =>
    {
        x.WriteStartElement("ErrorResponse", ns);
        var w = new QueryXmlWriter(x, ns);
        w.Struct("Error", () =>
        {
            w.Value("Type", status < 500 ? "Sender" : "Receiver");
            w.Value("Code", code);
            w.Value("Message", message);
        });
        w.Value("RequestId", requestId);
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
