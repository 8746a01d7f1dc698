using System.Text;
using System.Xml;

namespace Berth.Kernel.Protocol;

/// <summary>
/// The Query-family protocols' documents. The Query protocol writes <c>&lt;ActionResponse&gt;&lt;ActionResult&gt;</c> with
/// the request id in <c>&lt;ResponseMetadata&gt;</c> after it, and errors as <c>&lt;ErrorResponse&gt;</c>. EC2
/// (<paramref name="ec2"/>) starts with an XML declaration, puts <c>&lt;requestId&gt;</c> first and the members straight
/// after it (no Result wrapper), and writes errors as an unqualified <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c>
/// with <c>&lt;RequestID&gt;</c>.
/// </summary>
public static class QueryResponses
{
    static readonly XmlWriterSettings QuerySettings = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true, Indent = false };
    static readonly XmlWriterSettings Ec2Settings = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, Indent = false };

    public static byte[] Success(string action, string ns, string requestId, Action<QueryXmlWriter>? result, bool ec2 = false) => Write(ec2, x =>
    {
        x.WriteStartElement(action + "Response", ns);
        if (ec2)
        {
            x.WriteElementString("requestId", ns, requestId);
            result?.Invoke(new QueryXmlWriter(x, ns));
        }
        else
        {
            x.WriteStartElement(action + "Result", ns);
            result?.Invoke(new QueryXmlWriter(x, ns));
            x.WriteEndElement();
            x.WriteStartElement("ResponseMetadata", ns);
            x.WriteElementString("RequestId", ns, requestId);
            x.WriteEndElement();
        }
        x.WriteEndElement();
    });

    /// <summary>
    /// An error; in the Query protocol its Type is Sender for the client's faults (4xx), Receiver for the server's.
    /// EC2's error document has neither a Type nor a namespace, so it uses neither <paramref name="ns"/> nor <paramref name="status"/>.
    /// </summary>
    public static byte[] Error(string ns, int status, string code, string message, string requestId, bool ec2 = false) => Write(ec2, x =>
    {
        if (ec2)
        {
            x.WriteStartElement("Response");
            var w = new QueryXmlWriter(x, "");
            w.Struct("Errors", () => w.Struct("Error", () =>
            {
                w.Value("Code", code);
                w.Value("Message", message);
            }));
            w.Value("RequestID", requestId);
        }
        else
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
        }
        x.WriteEndElement();
    });

    static byte[] Write(bool ec2, Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var x = XmlWriter.Create(stream, ec2 ? Ec2Settings : QuerySettings))
            body(x);
        return stream.ToArray();
    }
}
