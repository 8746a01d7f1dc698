using System.Text;

namespace Berth.Elb.Haproxy.Config;

/// <summary>Accumulates haproxy.cfg: sections at column 0, their lines indented.</summary>
internal sealed class ConfigBuilder
{
    readonly StringBuilder _sb = new();

    public ConfigBuilder Section(string header)
    {
        if (_sb.Length > 0)
            _sb.Append('\n');
        _sb.Append(header).Append('\n');
        return this;
    }

    public ConfigBuilder Line(string line)
    {
        _sb.Append("    ").Append(line).Append('\n');
        return this;
    }

    public override string ToString() => _sb.ToString();
}
