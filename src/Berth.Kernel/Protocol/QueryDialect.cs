namespace Berth.Kernel.Protocol;

/// <summary>
/// How a Query-family protocol spells a request's parameters and a response's lists. The Query protocol (ELBv2, IAM,
/// STS, CloudWatch) numbers list members under <c>member</c> and names parameters as the contract does; EC2 numbers
/// them directly (<c>Filter.1.Value.2</c>), names each parameter by its capitalized XML name (<c>ipPermissions</c> is
/// sent as <c>IpPermissions</c>), writes list items as <c>&lt;item&gt;</c>, and refuses a parameter it does not know.
/// </summary>
sealed record QueryDialect(string? ListLabel, string ListItem, bool RefuseUnknown, Func<string, string> WireName)
{
    public static readonly QueryDialect Query = new("member", "member", RefuseUnknown: false, name => name);

    /// <summary>EC2's contracts use the XML names (<c>locationName</c>); a request sends them with a capital first letter.</summary>
    public static readonly QueryDialect Ec2 = new(null, "item", RefuseUnknown: true, Capitalize);

    static string Capitalize(string name) => name.Length > 0 && char.IsLower(name[0]) ? char.ToUpperInvariant(name[0]) + name[1..] : name;
}
