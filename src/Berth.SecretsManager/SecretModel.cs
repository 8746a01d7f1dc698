namespace Berth.SecretsManager;

/// <summary>A secret as stored: its identity, dates and the staging labels of its versions (never a value).</summary>
sealed record Secret
{
    public const string Current = "AWSCURRENT";
    public const string Previous = "AWSPREVIOUS";

    public required string Arn { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public DateTimeOffset LastChangedDate { get; init; }

    /// <summary>The day (UTC midnight) the secret's value was last read, as AWS reports it.</summary>
    public DateTimeOffset? LastAccessedDate { get; init; }

    /// <summary>When the secret will be deleted; set while it waits out its recovery window.</summary>
    public DateTimeOffset? DeletedDate { get; init; }

    /// <summary>Version id → its staging labels, for the versions that have any (the others are deprecated).</summary>
    public Dictionary<string, List<string>> Stages { get; init; } = [];

    /// <summary>The resource policy as given (Berth keeps it for clients; it does not evaluate it).</summary>
    public string? ResourcePolicy { get; init; }

    public bool IsDeleted => DeletedDate is not null;

    /// <summary>The version a label is attached to, or null.</summary>
    public string? VersionWith(string label) =>
        Stages.FirstOrDefault(s => s.Value.Contains(label, StringComparer.Ordinal)).Key;
}

/// <summary>One version of a secret's value, encrypted (<see cref="SecretCipher"/>).</summary>
sealed record SecretVersion
{
    public required string SecretArn { get; init; }
    public required string VersionId { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public DateTimeOffset? LastAccessedDate { get; init; }

    /// <summary>Whether the value was given as SecretBinary (else SecretString).</summary>
    public bool Binary { get; init; }

    public required byte[] Ciphertext { get; init; }
}

/// <summary>A secret's value in the clear: in memory only, between the request and the cipher.</summary>
sealed record SecretValue(string? Text, byte[]? Bytes)
{
    public const int MaxBytes = 65536;

    public bool Binary => Bytes is not null;

    /// <summary>The value a request gives, checked; null when it gives none.</summary>
    public static SecretValue? From(string? text, byte[]? bytes)
    {
        if (text is not null && bytes is not null)
            throw SecretsManagerErrors.InvalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        if (text is not null)
        {
            if (text.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(text) > MaxBytes)
                throw SecretsManagerErrors.Validation($"Value at 'secretString' failed to satisfy constraint: Member must have length {(text.Length == 0 ? "greater than or equal to 1" : $"less than or equal to {MaxBytes} bytes")}");
            return new SecretValue(text, null);
        }
        if (bytes is not null)
        {
            if (bytes.Length is 0 or > MaxBytes)
                throw SecretsManagerErrors.Validation($"Value at 'secretBinary' failed to satisfy constraint: Member must have length {(bytes.Length == 0 ? "greater than or equal to 1" : $"less than or equal to {MaxBytes}")}");
            return new SecretValue(null, bytes);
        }
        return null;
    }

    public bool SameAs(SecretValue? other) =>
        other is not null && Text == other.Text && (Bytes ?? []).AsSpan().SequenceEqual(other.Bytes ?? []) && Binary == other.Binary;

    /// <summary>Never the value itself, so a record printed by mistake shows nothing secret.</summary>
    public override string ToString() => Binary ? "SecretValue(binary)" : "SecretValue(string)";
}
