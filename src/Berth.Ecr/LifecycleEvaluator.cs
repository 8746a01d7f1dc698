namespace Berth.Ecr;

/// <summary>An image a lifecycle policy expires, and the rule that expires it.</summary>
public sealed record LifecycleExpiry(ImageRecord Image, LifecycleRule Rule);

/// <summary>
/// Applies a lifecycle policy to a repository's images, as ECR documents it (pure: no I/O, "now" is given):
/// <list type="bullet">
/// <item>Rules run in rulePriority order. Each rule selects every image its tagStatus and tag lists match —
/// <c>tagged</c> with several prefixes or patterns selects only images having a matching tag for every entry,
/// <c>untagged</c> selects images without tags, <c>any</c> selects all.</item>
/// <item><c>imageCountMoreThan</c> orders the selection newest pushed first and marks those past countNumber;
/// <c>sinceImagePushed</c> marks those pushed more than countNumber days before now.</item>
/// <item>An image is expired by at most one rule: a rule never expires an image that a higher-priority rule selected
/// (kept or expired), though it still counts it as if it had not been expired.</item>
/// <item>An image a surviving image references (a multi-architecture index's child manifest) is not expired:
/// it becomes eligible once the index is gone.</item>
/// </list>
/// </summary>
public static class LifecycleEvaluator
{
    public static IReadOnlyList<LifecycleExpiry> Evaluate(LifecyclePolicy policy, IEnumerable<ImageRecord> images, DateTimeOffset now)
    {
        var all = images.ToList();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var expired = new Dictionary<string, LifecycleExpiry>(StringComparer.Ordinal);
        foreach (var rule in policy.Rules)
        {
            var selected = all.Where(i => Selects(rule, i))
                .OrderByDescending(i => i.PushedAt)
                .ThenBy(i => i.Digest, StringComparer.Ordinal)
                .ToList();
            var marked = rule.CountType == LifecycleCountType.ImageCountMoreThan
                ? selected.Skip(rule.CountNumber)
                : selected.Where(i => now - i.PushedAt > TimeSpan.FromDays(rule.CountNumber));
            foreach (var image in marked)
            {
                if (!claimed.Contains(image.Digest))
                    expired[image.Digest] = new LifecycleExpiry(image, rule);
            }
            foreach (var image in selected)
                claimed.Add(image.Digest);
        }
        ProtectReferenced(all, expired);
        return all.Where(i => expired.ContainsKey(i.Digest))
            .Select(i => expired[i.Digest])
            .OrderBy(e => e.Rule.RulePriority)
            .ThenByDescending(e => e.Image.PushedAt)
            .ThenBy(e => e.Image.Digest, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether the rule's tagStatus and tag lists select the image (its count is applied apart).</summary>
    public static bool Selects(LifecycleRule rule, ImageRecord image) => rule.TagStatus switch
    {
        LifecycleTagStatus.Any => true,
        LifecycleTagStatus.Untagged => image.Tags.Count == 0,
        _ => image.Tags.Count > 0
            && rule.TagPrefixList.All(p => image.Tags.Any(t => t.StartsWith(p, StringComparison.Ordinal)))
            && rule.TagPatternList.All(p => image.Tags.Any(t => WildcardMatch(p, t))),
    };

    /// <summary>Whether <paramref name="text"/> matches the whole of <paramref name="pattern"/>, where <c>*</c> stands for any run of characters.</summary>
    public static bool WildcardMatch(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    /// <summary>Keeps every image a surviving image still references (an index's children), to a fixed point.</summary>
    static void ProtectReferenced(List<ImageRecord> all, Dictionary<string, LifecycleExpiry> expired)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var survivor in all.Where(i => !expired.ContainsKey(i.Digest)))
            {
                foreach (var referenced in survivor.References)
                {
                    if (expired.Remove(referenced))
                        changed = true;
                }
            }
        }
        while (changed);
    }
}
