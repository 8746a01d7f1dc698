using static Berth.Ecr.Tests.LifecyclePolicyTests;

namespace Berth.Ecr.Tests;

public sealed class LifecycleEvaluatorTests
{
    static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An image pushed <paramref name="daysAgo"/> days before <see cref="Now"/>; its digest is derived from its name.</summary>
    static ImageRecord Image(string name, double daysAgo, params string[] tags) => new()
    {
        Repository = "app",
        Digest = "sha256:" + name,
        MediaType = "application/vnd.oci.image.manifest.v1+json",
        PushedAt = Now - TimeSpan.FromDays(daysAgo),
        Tags = [.. tags],
    };

    static LifecyclePolicy Parse(params string[] rules) => LifecyclePolicy.Parse(Policy(rules));

    static string Count(string tagStatus, int n, string lists = "") =>
        $$"""{"tagStatus":"{{tagStatus}}",{{lists}}"countType":"imageCountMoreThan","countNumber":{{n}}}""";

    static string Days(string tagStatus, int n, string lists = "") =>
        $$"""{"tagStatus":"{{tagStatus}}",{{lists}}"countType":"sinceImagePushed","countUnit":"days","countNumber":{{n}}}""";

    /// <summary>The expired images as "name@priority": by rule, then newest pushed first, then by digest.</summary>
    static List<string> Expired(LifecyclePolicy policy, params ImageRecord[] images) =>
        LifecycleEvaluator.Evaluate(policy, images, Now).Select(e => $"{e.Image.Digest["sha256:".Length..]}@{e.Rule.RulePriority}").ToList();

    [Fact]
    public void ImageCountMoreThan_KeepsTheNewestN()
    {
        var policy = Parse(Rule(1, Count("any", 2)));

        var expired = Expired(policy, Image("a", 5), Image("b", 1), Image("c", 4), Image("d", 2, "latest"), Image("e", 3));

        Assert.Equal(["e@1", "c@1", "a@1"], expired);
    }

    [Fact]
    public void ImageCountMoreThan_AtOrBelowTheCount_ExpiresNothing()
    {
        var policy = Parse(Rule(1, Count("any", 3)));

        Assert.Empty(Expired(policy, Image("a", 5), Image("b", 1), Image("c", 4)));
    }

    [Fact]
    public void SinceImagePushed_ExpiresImagesOlderThanTheDays()
    {
        var policy = Parse(Rule(1, Days("any", 7)));

        var expired = Expired(policy, Image("old", 30), Image("week", 7.01), Image("exactly", 7), Image("new", 1, "v1"));

        Assert.Equal(["week@1", "old@1"], expired);
    }

    [Fact]
    public void Untagged_SelectsOnlyImagesWithoutTags()
    {
        var policy = Parse(Rule(1, Count("untagged", 1)));

        var expired = Expired(policy, Image("t1", 9, "v1"), Image("u1", 8), Image("u2", 7), Image("t2", 6, "v2"), Image("u3", 5));

        Assert.Equal(["u2@1", "u1@1"], expired);
    }

    [Fact]
    public void Tagged_SelectsImagesWithATagOfThePrefix()
    {
        var policy = Parse(Rule(1, Days("tagged", 1, "\"tagPrefixList\":[\"prod\"],")));

        var expired = Expired(policy,
            Image("prod-old", 10, "prod-1"),
            Image("also-prod", 10, "dev-1", "production"),
            Image("dev-old", 10, "dev-2"),
            Image("untagged-old", 10),
            Image("prod-new", 0.5, "prod-2"));

        Assert.Equal(["also-prod@1", "prod-old@1"], expired);
    }

    [Fact]
    public void Tagged_SeveralPrefixes_SelectOnlyImagesMatchingEveryPrefix()
    {
        // As ECR documents: "If you specify multiple tags, only the images with all specified tags are selected."
        var policy = Parse(Rule(1, Days("tagged", 1, "\"tagPrefixList\":[\"alpha\",\"beta\"],")));

        var expired = Expired(policy, Image("both", 10, "alpha-1", "beta-1"), Image("alpha", 10, "alpha-2"), Image("beta", 10, "beta-2"));

        Assert.Equal(["both@1"], expired);
    }

    [Fact]
    public void Tagged_PatternList_MatchesWholeTagsWithWildcards()
    {
        var policy = Parse(Rule(1, Days("tagged", 1, "\"tagPatternList\":[\"prod*-rc*\"],")));

        var expired = Expired(policy,
            Image("rc", 10, "prod-1.0-rc2"),
            Image("final", 10, "prod-1.0"),
            Image("prefixed", 10, "xprod-1.0-rc1"),
            Image("tail", 10, "prod-rc"));

        Assert.Equal(["rc@1", "tail@1"], expired);
    }

    [Fact]
    public void Tagged_PrefixAndPatternLists_MustBothMatch()
    {
        var policy = Parse(Rule(1, Days("tagged", 1, "\"tagPrefixList\":[\"v\"],\"tagPatternList\":[\"*-beta\"],")));

        var expired = Expired(policy, Image("both", 10, "v2", "x-beta"), Image("prefix", 10, "v3"), Image("pattern", 10, "y-beta"));

        Assert.Equal(["both@1"], expired);
    }

    [Fact]
    public void Any_SelectsTaggedAndUntagged()
    {
        var policy = Parse(Rule(1, Days("any", 3)));

        var expired = Expired(policy, Image("tagged", 4, "v1"), Image("untagged", 5), Image("recent", 1, "v2"));

        Assert.Equal(["tagged@1", "untagged@1"], expired);
    }

    [Fact]
    public void Rules_RunInPriorityOrder_AndAnImageIsExpiredByTheFirstRuleThatSelectsIt()
    {
        // Listed out of order: rule 1 (prod, keep 1) must claim the prod images before rule 5 (any, 3 days) sees them.
        var policy = Parse(
            Rule(5, Days("any", 3)),
            Rule(1, Count("tagged", 1, "\"tagPrefixList\":[\"prod\"],")));

        var expired = Expired(policy,
            Image("prod-new", 10, "prod-2"),
            Image("prod-old", 20, "prod-1"),
            Image("dev-old", 15, "dev-1"),
            Image("dev-new", 1, "dev-2"));

        // prod-new is old but kept by rule 1, which selected it first; prod-old is attributed to rule 1, not rule 5.
        Assert.Equal(["prod-old@1", "dev-old@5"], expired);
    }

    [Fact]
    public void LowerRule_CountsImagesAHigherRuleSelected_ButNeverExpiresThem()
    {
        // ECR's documented "Example A": rule 1 keeps one prod image, rule 2 keeps one beta image.
        var policy = Parse(
            Rule(1, Count("tagged", 1, "\"tagPrefixList\":[\"prod\"],")),
            Rule(2, Count("tagged", 1, "\"tagPrefixList\":[\"beta\"],")));

        var expired = Expired(policy, Image("A", 10, "beta-1", "prod-1"), Image("B", 9, "beta-2", "prod-2"), Image("C", 8, "beta-3"));

        // Rule 2 sees A, B and C and would mark A and B, but both were selected by rule 1: only A (rule 1) expires.
        Assert.Equal(["A@1"], expired);
    }

    [Fact]
    public void ChildManifestsOfASurvivingIndex_AreNotExpired()
    {
        var policy = Parse(Rule(1, Count("untagged", 1)));
        var amd64 = Image("amd64", 10);
        var arm64 = Image("arm64", 10);
        var index = Image("index", 9, "v1") with { References = [amd64.Digest, arm64.Digest] };
        var stray = Image("stray", 11);
        var newest = Image("newest", 1);

        var expired = Expired(policy, amd64, arm64, index, stray, newest);

        Assert.Equal(["stray@1"], expired);
    }

    [Fact]
    public void ChildManifestsOfAnExpiredIndex_MayExpire()
    {
        var policy = Parse(Rule(1, Days("any", 5)));
        var child = Image("child", 10);
        var index = Image("index", 10, "v1") with { References = [child.Digest] };

        Assert.Equal(["child@1", "index@1"], Expired(policy, index, child));
    }

    [Theory]
    [InlineData("prod*", "prod", true)]
    [InlineData("prod*", "prod-1", true)]
    [InlineData("prod*", "xprod", false)]
    [InlineData("*prod", "my-prod", true)]
    [InlineData("*prod", "prod-1", false)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "a-b-b-c", true)]
    [InlineData("a*b*c", "a-c-b", false)]
    [InlineData("latest", "latest", true)]
    [InlineData("latest", "Latest", false)]
    [InlineData("v*.*.*", "v1.2.3", true)]
    [InlineData("v*.*.*", "v1.2", false)]
    public void WildcardMatch_MatchesTheWholeTag(string pattern, string tag, bool matches) =>
        Assert.Equal(matches, LifecycleEvaluator.WildcardMatch(pattern, tag));
}
