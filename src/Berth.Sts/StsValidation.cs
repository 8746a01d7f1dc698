using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Sts;

/// <summary>
/// The model's constraints, checked all at once and reported as STS does: <c>2 validation errors detected: Value 'x' at
/// 'roleSessionName' failed to satisfy constraint: ...; Value ...</c>.
/// </summary>
internal sealed partial class StsValidation
{
    readonly List<string> _errors = [];

    [GeneratedRegex(@"^[\w+=,.@-]*$", RegexOptions.ECMAScript)]
    public static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^[\w+=,.@:\/-]*$", RegexOptions.ECMAScript)]
    public static partial Regex ExternalIdPattern();

    public const string SessionNameRegex = @"[\w+=,.@-]*";
    public const string ExternalIdRegex = @"[\w+=,.@:\/-]*";

    public bool Required(object? value, string member)
    {
        if (value is not null)
            return true;
        _errors.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        return false;
    }

    public void Text(string? value, string member, int min, int max, Regex? pattern = null, string? shownPattern = null)
    {
        if (value is null)
            return;
        if (value.Length < min)
            Add(value, member, $"Member must have length greater than or equal to {min}");
        if (value.Length > max)
            Add(value, member, $"Member must have length less than or equal to {max}");
        if (pattern is not null && !pattern.IsMatch(value))
            Add(value, member, $"Member must satisfy regular expression pattern: {shownPattern}");
    }

    public void Range(int? value, string member, int min, int max)
    {
        if (value < min)
            Add(value.Value.ToString(CultureInfo.InvariantCulture), member, $"Member must have value greater than or equal to {min}");
        if (value > max)
            Add(value.Value.ToString(CultureInfo.InvariantCulture), member, $"Member must have value less than or equal to {max}");
    }

    public void ThrowIfAny()
    {
        if (_errors.Count == 0)
            return;
        var head = _errors.Count == 1 ? "1 validation error detected" : $"{_errors.Count} validation errors detected";
        throw StsErrors.Validation($"{head}: {string.Join("; ", _errors)}");
    }

    void Add(string value, string member, string constraint)
    {
        var shown = value.Length <= 128 ? value : value[..128] + "...";
        _errors.Add($"Value '{shown}' at '{member}' failed to satisfy constraint: {constraint}");
    }
}
