using System.Text.RegularExpressions;
using Berth.Kernel.Tagging;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.SecretsManagerErrors;

namespace Berth.SecretsManager;

/// <summary>
/// ListSecrets' filters, as AWS documents them: <c>name</c>, <c>tag-key</c>, <c>tag-value</c> and <c>primary-region</c>
/// match a prefix, case-sensitively; <c>description</c> matches words (every word of the value must begin a word of the
/// description) and <c>all</c> matches any word of the value in the name, description or tags, both ignoring case.
/// Words break at punctuation, at a lower-to-upper case change and between letters and digits (<c>credsDatabase#892</c>
/// is creds, Database, 892). A value starting with <c>!</c> excludes what it matches. Values of one filter are alternatives;
/// every filter must match.
/// </summary>
static partial class SecretFilters
{
    static readonly string[] Keys = ["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"];

    public static void Validate(List<SecretFilter>? filters)
    {
        if (filters is null)
            return;
        if (filters.Count > 10)
            throw Validation("Value at 'filters' failed to satisfy constraint: Member must have length less than or equal to 10");
        for (var i = 0; i < filters.Count; i++)
        {
            var f = filters[i] ?? throw Validation($"Value null at 'filters.{i + 1}' failed to satisfy constraint: Member must not be null");
            if (f.Key is null || !Keys.Contains(f.Key))
                throw Validation($"Value '{f.Key}' at 'filters.{i + 1}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", Keys)}]");
            if (f.Values is null || f.Values.Count is < 1 or > 10)
                throw Validation($"Value at 'filters.{i + 1}.member.values' failed to satisfy constraint: Member must have length between 1 and 10");
            foreach (var v in f.Values)
            {
                if (v is null || v.Length > 512 || !ValuePattern().IsMatch(v))
                    throw Validation($"Value '{v}' at 'filters.{i + 1}.member.values' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$ and have length less than or equal to 512");
            }
        }
    }

    public static bool Matches(Secret secret, IReadOnlyList<Tag> tags, string region, IReadOnlyList<SecretFilter>? filters) =>
        filters is null || filters.All(f => Matches(secret, tags, region, f));

    static bool Matches(Secret secret, IReadOnlyList<Tag> tags, string region, SecretFilter filter)
    {
        var values = filter.Values!;
        var include = values.Where(v => !v.StartsWith('!')).ToList();
        var exclude = values.Where(v => v.StartsWith('!')).Select(v => v[1..]).ToList();
        bool Hit(string v) => filter.Key switch
        {
            "name" => secret.Name.StartsWith(v, StringComparison.Ordinal),
            "description" => secret.Description is { } d && AllWordsBeginWords(v, [d]),
            "tag-key" => tags.Any(t => t.Key!.StartsWith(v, StringComparison.Ordinal)),
            "tag-value" => tags.Any(t => (t.Value ?? "").StartsWith(v, StringComparison.Ordinal)),
            "primary-region" => region.StartsWith(v, StringComparison.Ordinal),
            "all" => AnyWordBeginsAWord(v, [secret.Name, secret.Description ?? "", .. tags.Select(t => t.Key!), .. tags.Select(t => t.Value ?? "")]),
            _ => false, // owning-service: no Berth secret is managed by another service
        };
        return (include.Count == 0 || include.Any(Hit)) && !exclude.Any(Hit);
    }

    static bool AllWordsBeginWords(string value, IEnumerable<string> attributes)
    {
        var words = Words(value);
        var targets = attributes.SelectMany(Words).ToList();
        return words.Count > 0 && words.All(w => targets.Any(t => t.StartsWith(w, StringComparison.OrdinalIgnoreCase)));
    }

    static bool AnyWordBeginsAWord(string value, IEnumerable<string> attributes)
    {
        var targets = attributes.SelectMany(Words).ToList();
        return Words(value).Any(w => targets.Any(t => t.StartsWith(w, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The words of a text, as Secrets Manager's search splits them.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var boundary = !char.IsLetterOrDigit(c)
                || (start >= 0 && i > start && ((char.IsLower(text[i - 1]) && char.IsUpper(c)) || (char.IsDigit(text[i - 1]) != char.IsDigit(c))));
            if (boundary && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
            if (start < 0 && char.IsLetterOrDigit(c))
                start = i;
        }
        return words;
    }

    [GeneratedRegex(@"^!?[a-zA-Z0-9 :_@/+=.\-!]*$")]
    private static partial Regex ValuePattern();
}
