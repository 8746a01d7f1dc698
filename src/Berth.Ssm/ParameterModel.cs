namespace Berth.Ssm;

/// <summary>A parameter as stored: its latest version and the labels of its versions. <see cref="Key"/> is its name normalized.</summary>
sealed record Parameter
{
    public required string Key { get; init; }
    public required ParameterVersion Current { get; init; }

    /// <summary>Label → the version it is on (a label is on one version of a parameter at most).</summary>
    public Dictionary<string, long> Labels { get; init; } = [];

    public List<string> LabelsOf(long version) =>
        Labels.Where(l => l.Value == version).Select(l => l.Key).Order(StringComparer.Ordinal).ToList();
}

/// <summary>One version of a parameter; a SecureString's value is only ever kept encrypted (<see cref="ParameterCipher"/>).</summary>
sealed record ParameterVersion
{
    public const string String = "String";
    public const string StringList = "StringList";
    public const string SecureString = "SecureString";

    public required string Key { get; init; }

    /// <summary>The name as it was first created (<c>/app</c> and <c>app</c> are one parameter).</summary>
    public required string Name { get; init; }

    public long Version { get; init; }
    public required string Type { get; init; }

    /// <summary>The value of a String or StringList parameter.</summary>
    public string? Value { get; init; }

    /// <summary>The encrypted value of a SecureString parameter.</summary>
    public byte[]? Ciphertext { get; init; }

    public string? KeyId { get; init; }
    public string? Description { get; init; }
    public string? AllowedPattern { get; init; }
    public required string Tier { get; init; }
    public required string DataType { get; init; }
    public DateTimeOffset LastModifiedDate { get; init; }

    public bool Secure => Type == SecureString;
}
