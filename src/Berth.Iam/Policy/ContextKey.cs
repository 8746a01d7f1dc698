namespace Berth.Iam.Policy;

internal enum KeyKind
{
    Other,
    PrincipalArn,
    PrincipalAccount,
    PrincipalType,
    UserId,
    UserName,
    PrincipalServiceName,
    PrincipalIsAwsService,
    SourceIp,
    SecureTransport,
    CurrentTime,
    EpochTime,
    RequestedRegion,
    ViaAwsService,
    PrincipalTag,
    RequestTag,
    ResourceTag,
    TagKeys,
}

/// <summary>A condition key or variable name, classified once when the policy is compiled (names are case-insensitive).</summary>
internal sealed class ContextKey
{
    ContextKey(string name, KeyKind kind, string? suffix)
    {
        Name = name;
        Kind = kind;
        Suffix = suffix;
    }

    public string Name { get; }

    public KeyKind Kind { get; }

    /// <summary>The tag key of <c>aws:PrincipalTag/KEY</c>, <c>aws:RequestTag/KEY</c>, <c>aws:ResourceTag/KEY</c>.</summary>
    public string? Suffix { get; }

    public static ContextKey Parse(string name)
    {
        foreach (var (prefix, kind) in Prefixed)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return new ContextKey(name, kind, name[prefix.Length..]);
        }
        return new ContextKey(name, Global.GetValueOrDefault(name, KeyKind.Other), null);
    }

    static readonly (string Prefix, KeyKind Kind)[] Prefixed =
    [
        ("aws:PrincipalTag/", KeyKind.PrincipalTag),
        ("aws:RequestTag/", KeyKind.RequestTag),
        ("aws:ResourceTag/", KeyKind.ResourceTag),
    ];

    static readonly Dictionary<string, KeyKind> Global = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws:PrincipalArn"] = KeyKind.PrincipalArn,
        ["aws:PrincipalAccount"] = KeyKind.PrincipalAccount,
        ["aws:PrincipalType"] = KeyKind.PrincipalType,
        ["aws:userid"] = KeyKind.UserId,
        ["aws:username"] = KeyKind.UserName,
        ["aws:PrincipalServiceName"] = KeyKind.PrincipalServiceName,
        ["aws:PrincipalIsAWSService"] = KeyKind.PrincipalIsAwsService,
        ["aws:SourceIp"] = KeyKind.SourceIp,
        ["aws:SecureTransport"] = KeyKind.SecureTransport,
        ["aws:CurrentTime"] = KeyKind.CurrentTime,
        ["aws:EpochTime"] = KeyKind.EpochTime,
        ["aws:RequestedRegion"] = KeyKind.RequestedRegion,
        ["aws:ViaAWSService"] = KeyKind.ViaAwsService,
        ["aws:TagKeys"] = KeyKind.TagKeys,
    };
}

/// <summary>A key's values in a request: none (absent), one, or several — without allocating for the usual one.</summary>
internal readonly struct KeyValues
{
    readonly string? _one;
    readonly IReadOnlyList<string>? _many;

    public KeyValues(string one) => _one = one;

    public KeyValues(IReadOnlyList<string> many) => _many = many;

    public int Count => _one is not null ? 1 : _many?.Count ?? 0;

    public string this[int index] => _one ?? _many![index];
}
