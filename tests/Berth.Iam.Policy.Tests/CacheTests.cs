using Berth.Kernel;
using static Berth.Iam.Policy.Tests.Fixtures;

namespace Berth.Iam.Policy.Tests;

public sealed class CacheTests
{
    [Fact]
    public void Get_SameText_CompiledOnce()
    {
        var cache = new PolicyDocumentCache();
        var text = Doc(Allow("ecs:*"));

        Assert.Same(cache.Get(text), cache.Get(new string(text.AsSpan())));
    }

    [Fact]
    public void Get_ById_ReplacedTextReparsed()
    {
        var cache = new PolicyDocumentCache();
        var first = cache.Get("alice/inline", Doc(Allow("ecs:*")), PolicyKind.Identity);

        Assert.Same(first, cache.Get("alice/inline", Doc(Allow("ecs:*")), PolicyKind.Identity));
        var second = cache.Get("alice/inline", Doc(Allow("logs:*")), PolicyKind.Identity);
        Assert.NotSame(first, second);
        Assert.Equal(["logs:*"], second.Statements[0].Actions);
    }

    [Fact]
    public void Get_Malformed_ThrowsEveryTime()
    {
        var cache = new PolicyDocumentCache();

        Assert.Throws<AwsException>(() => cache.Get("{"));
        Assert.Throws<AwsException>(() => cache.Get("{"));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Get_PastCapacity_StartsAfresh()
    {
        var cache = new PolicyDocumentCache(capacity: 2);
        for (var i = 0; i < 5; i++)
            cache.Get(Doc(Allow($"ecs:Action{i}")));

        Assert.True(cache.Count <= 2);
    }
}
