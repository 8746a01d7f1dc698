namespace Berth.Kernel;

/// <summary>
/// AWS's wording for a value its model refuses: "1 validation error detected: Value 'x' at 'member' failed to satisfy
/// constraint: Member must …". SDK users and test suites match on it, so modules say it the same way.
/// </summary>
public static class ConstraintMessage
{
    public static string For(string? value, string member, string constraint) =>
        $"1 validation error detected: Value '{Shown(value)}' at '{member}' failed to satisfy constraint: Member must {constraint}";

    public static string Range(long value, string member, long min, long max) =>
        For(value.ToString(System.Globalization.CultureInfo.InvariantCulture), member,
            value < min ? $"have value greater than or equal to {min}" : $"have value less than or equal to {max}");

    public static string Length(string? value, string member, int min, int max) =>
        For(value, member, (value?.Length ?? 0) < min ? $"have length greater than or equal to {min}" : $"have length less than or equal to {max}");

    public static string Enum(string? value, string member, params string[] allowed) =>
        For(value, member, $"satisfy enum value set: [{string.Join(", ", allowed)}]");

    /// <summary>Long values are cut, as AWS cuts them, so a message never carries a whole hostile input.</summary>
    static string Shown(string? value) => value is null ? "null" : value.Length <= 1024 ? value : value[..1024] + "...";
}
