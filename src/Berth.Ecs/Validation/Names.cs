using System.Text.RegularExpressions;
using Berth.Kernel;

namespace Berth.Ecs.Validation;

/// <summary>The name grammars ECS applies to families, containers and clusters.</summary>
public static partial class Names
{
    /// <summary>Up to 255 letters (upper and lower case), numbers, underscores and hyphens.</summary>
    public static bool IsValidName(string? s) => s is { Length: > 0 and <= 255 } && NamePattern().IsMatch(s);

    public static void RequireName(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
            throw AwsException.Client($"{what} cannot be blank.");
        if (!IsValidName(value))
            throw AwsException.Client($"{what} '{value}' is not valid: use up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();
}
