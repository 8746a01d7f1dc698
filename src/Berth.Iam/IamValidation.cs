using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Kernel;

namespace Berth.Iam;

/// <summary>
/// IAM's input constraints, from the botocore model (lengths, patterns, ranges, enums), refused as IAM refuses them:
/// ValidationError with the member named in camelCase, as IAM's messages name it.
/// </summary>
internal static partial class IamValidation
{
    public const int UserNameMax = 64;
    public const int RoleNameMax = 64;
    public const int PolicyNameMax = 128;
    public const int ExistingUserNameMax = 128;

    /// <summary><c>[\w+=,.@-]+</c> with <c>\w</c> as IAM (Java) reads it: ASCII letters, digits and underscore.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(/|/[\u0021-\u007E]+/)$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"^((/[A-Za-z0-9.,+@=_-]+)*)/$")]
    private static partial Regex PolicyPathPattern();

    [GeneratedRegex(@"^/[\u0021-\u007F]*$")]
    private static partial Regex PathPrefixPattern();

    [GeneratedRegex(@"^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$")]
    private static partial Regex RoleDescriptionPattern();

    [GeneratedRegex(@"^[\u0009\u000A\u000D\u0020-\u00FF]+$")]
    private static partial Regex DocumentPattern();

    [GeneratedRegex(@"^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$")]
    private static partial Regex VersionIdPattern();

    [GeneratedRegex(@"^\w+$", RegexOptions.ECMAScript)]
    private static partial Regex WordPattern();

    public static string Required(string? value, string member) =>
        value ?? throw Constraint("null", member, "Member must not be null", quote: false);

    /// <summary>A user, role or policy name: 1 to <paramref name="max"/> characters of <c>[\w+=,.@-]</c>.</summary>
    public static string Name(string? value, string member, int max)
    {
        var name = Required(value, member);
        Length(name, member, 1, max);
        if (!NamePattern().IsMatch(name))
            throw Constraint(name, member, @"Member must satisfy regular expression pattern: [\w+=,.@-]+");
        return name;
    }

    /// <summary>A user or role path (<c>/</c> by default): begins and ends with a slash, printable ASCII between.</summary>
    public static string Path(string? value)
    {
        if (value is null)
            return "/";
        Length(value, "path", 1, 512);
        return PathPattern().IsMatch(value)
            ? value
            : throw IamErrors.Validation("The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
    }

    /// <summary>A managed policy's path: segments of <c>[A-Za-z0-9.,+@=_-]</c> between slashes.</summary>
    public static string PolicyPath(string? value, string member = "path")
    {
        if (value is null)
            return "/";
        Length(value, member, 1, 512);
        return PolicyPathPattern().IsMatch(value)
            ? value
            : throw Constraint(value, member, "Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
    }

    public static string PathPrefix(string? value, string member = "pathPrefix")
    {
        if (value is null)
            return "/";
        Length(value, member, 1, 512);
        return PathPrefixPattern().IsMatch(value)
            ? value
            : throw Constraint(value, member, "Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*");
    }

    public static string? RoleDescription(string? value)
    {
        if (value is null)
            return null;
        Length(value, "description", 0, 1000);
        return RoleDescriptionPattern().IsMatch(value)
            ? value
            : throw Constraint(value, "description", "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");
    }

    public static string? PolicyDescription(string? value)
    {
        if (value is not null)
            Length(value, "description", 0, 1000);
        return value;
    }

    /// <summary>A policy document as the model allows it (1 to 131072 characters of tab, newlines and Latin-1); its grammar is checked by the policy language.</summary>
    public static string Document(string? value, string member)
    {
        var doc = Required(value, member);
        Length(doc, member, 1, 131072);
        return DocumentPattern().IsMatch(doc)
            ? doc
            : throw Constraint(doc, member, "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    }

    public static int? MaxSessionDuration(int? value) => Range(value, "maxSessionDuration", 3600, 43200);

    public static int? MaxItems(int? value) => Range(value, "maxItems", 1, 1000);

    public static string AccessKeyId(string? value)
    {
        var id = Required(value, "accessKeyId");
        Length(id, "accessKeyId", 16, 128);
        return WordPattern().IsMatch(id) ? id : throw Constraint(id, "accessKeyId", "Member must satisfy regular expression pattern: [\\w]+");
    }

    public static string VersionId(string? value)
    {
        var id = Required(value, "versionId");
        return VersionIdPattern().IsMatch(id)
            ? id
            : throw Constraint(id, "versionId", "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
    }

    public static string? Enum(string? value, string member, params string[] allowed) =>
        value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Constraint(value, member, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");

    public static void Length(string value, string member, int min, int max)
    {
        if (value.Length < min)
            throw Constraint(value, member, $"Member must have length greater than or equal to {min}");
        if (value.Length > max)
            throw Constraint(value, member, $"Member must have length less than or equal to {max}");
    }

    static int? Range(int? value, string member, int min, int max)
    {
        if (value < min)
            throw Constraint(value.Value.ToString(CultureInfo.InvariantCulture), member, $"Member must have value greater than or equal to {min}");
        if (value > max)
            throw Constraint(value.Value.ToString(CultureInfo.InvariantCulture), member, $"Member must have value less than or equal to {max}");
        return value;
    }

    /// <summary>IAM's message for a value outside the model: <c>1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: ...</c>.</summary>
    public static AwsException Constraint(string value, string member, string constraint, bool quote = true)
    {
        var shown = value.Length <= 128 ? value : value[..128] + "...";
        return IamErrors.Validation($"1 validation error detected: Value {(quote ? $"'{shown}'" : shown)} at '{member}' failed to satisfy constraint: {constraint}");
    }
}
