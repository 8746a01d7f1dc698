using System.Globalization;
using System.Text;
using System.Xml;

namespace Berth.Kernel.Protocol;

/// <summary>
/// Writes Query-protocol XML: every element in the service's namespace, lists as <c>&lt;member&gt;</c>, timestamps in
/// ISO 8601 with milliseconds, booleans as true/false; absent (null) members are left out. Characters XML cannot carry
/// become U+FFFD, so no input echoed in a message can break the document.
/// </summary>
public sealed class QueryXmlWriter(XmlWriter writer, string ns)
{
    public void Value(string name, string? value)
    {
        if (value is not null)
            writer.WriteElementString(name, ns, Clean(value));
    }

    public void Value(string name, int? value) => Value(name, value?.ToString(CultureInfo.InvariantCulture));

    public void Value(string name, bool? value) => Value(name, value is null ? null : value.Value ? "true" : "false");

    public void Value(string name, DateTimeOffset? value) => Value(name, value is { } t ? Timestamp(t) : null);

    /// <summary>Text content of the element being written (a list member's scalar).</summary>
    public void Text(string value) => writer.WriteString(Clean(value));

    /// <summary>A timestamp as the Query protocol writes it: ISO 8601 in UTC, with milliseconds.</summary>
    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Opens an element; <see cref="End"/> closes it (for writers that cannot pass a body, such as the codec's).</summary>
    public void Start(string name) => writer.WriteStartElement(name, ns);

    public void End() => writer.WriteEndElement();

    public void Struct(string name, Action body)
    {
        writer.WriteStartElement(name, ns);
        body();
        writer.WriteEndElement();
    }

    public void List<T>(string name, IEnumerable<T>? items, Action<T> member)
    {
        if (items is null)
            return;
        writer.WriteStartElement(name, ns);
        foreach (var item in items)
        {
            writer.WriteStartElement("member", ns);
            member(item);
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }

    public void Strings(string name, IEnumerable<string>? items)
    {
        if (items is null)
            return;
        writer.WriteStartElement(name, ns);
        foreach (var item in items)
            writer.WriteElementString("member", ns, Clean(item));
        writer.WriteEndElement();
    }

    static string Clean(string s)
    {
        StringBuilder? b = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var ok = XmlConvert.IsXmlChar(c) || (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]));
            if (ok && char.IsHighSurrogate(c))
            {
                b?.Append(c).Append(s[i + 1]);
                i++;
                continue;
            }
            if (!ok && b is null)
                b = new StringBuilder(s.Length).Append(s, 0, i);
            b?.Append(ok ? c : '\uFFFD');
        }
        return b?.ToString() ?? s;
    }
}
