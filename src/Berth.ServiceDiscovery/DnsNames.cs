using System.Text.RegularExpressions;
using static Berth.ServiceDiscovery.DiscoveryErrors;

namespace Berth.ServiceDiscovery;

/// <summary>
/// Namespace and service names as Cloud Map checks them. A DNS namespace's name is a DNS name: dot-separated labels of
/// letters, digits and inner hyphens, each 1–63 characters, 253 at most, one trailing dot dropped. Names are compared
/// without regard to case (<see cref="Key"/>), as DNS compares them.
/// </summary>
static partial class DnsNames
{
    public const int MaxDnsName = 253;

    /// <summary>The name to keep for a private DNS namespace, or InvalidInput naming what is wrong with it.</summary>
    public static string DnsNamespace(string? name)
    {
        Required(name, "Name", MaxDnsName + 1);
        var trimmed = name!.EndsWith('.') ? name[..^1] : name;
        CheckDnsName(trimmed, name, "Name");
        return trimmed;
    }

    /// <summary>An HTTP namespace's name: 1–1024 printable ASCII characters, not an ARN.</summary>
    public static string HttpNamespace(string? name)
    {
        Required(name, "Name", 1024);
        if (!HttpPattern().IsMatch(name!))
            throw Invalid($"Namespace name '{name}' is not valid: use 1 to 1024 printable ASCII characters without spaces, not starting with 'arn:'.");
        return name!;
    }

    /// <summary>A service name (the model's pattern: DNS-like labels that may hold underscores, 127 characters at most).</summary>
    public static string Service(string? name, Namespace ns)
    {
        Required(name, "Name", 127);
        if (!ServicePattern().IsMatch(name!) || name == ".")
            throw Invalid($"Service name '{name}' is not valid: use labels of letters, digits, hyphens and underscores (not starting or ending with a hyphen), 1 to 63 characters each, 127 at most.");
        if (ns.IsDns && name!.Length + 1 + ns.Name.Length > MaxDnsName)
            throw Invalid($"Service name '{name}' is too long for namespace {ns.Name}: '{name}.{ns.Name}' would be longer than {MaxDnsName} characters.");
        return name!;
    }

    public static string Key(string name) => name.ToLowerInvariant();

    static void CheckDnsName(string name, string given, string member)
    {
        if (name.Length == 0)
            throw Invalid($"{member} '{given}' is not a DNS name: it is empty.");
        if (name.Length > MaxDnsName)
            throw Invalid($"{member} '{given}' is not a DNS name: it is longer than {MaxDnsName} characters.");
        foreach (var label in name.Split('.'))
        {
            if (label.Length == 0)
                throw Invalid($"{member} '{given}' is not a DNS name: it has an empty label.");
            if (label.Length > 63)
                throw Invalid($"{member} '{given}' is not a DNS name: label '{label}' is longer than 63 characters.");
            if (!LabelPattern().IsMatch(label))
                throw Invalid($"{member} '{given}' is not a DNS name: label '{label}' may hold only letters, digits and hyphens, and may not start or end with a hyphen.");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^(?!arn:)[!-~]{1,1024}$")]
    private static partial Regex HttpPattern();

    [GeneratedRegex(@"^(?=.{1,127}$)([a-zA-Z0-9_][a-zA-Z0-9\-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9])(\.([a-zA-Z0-9_][a-zA-Z0-9\-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9]))*$")]
    private static partial Regex ServicePattern();
}
