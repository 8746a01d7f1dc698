using Berth.Ecs.TaskRole;

namespace Berth.Ecs.Tests.TaskRole;

/// <summary>The id in a task's credentials URI: 128 random bits in lower-case hex, and the paths that name one.</summary>
public sealed class CredentialsIdTests
{
    [Fact]
    public void New_Is128BitsOfLowerHex_AndNeverRepeats()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => CredentialsId.New()).ToList();

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void New_EveryBitVaries()
    {
        // 128 bits of randomness: across many ids every hex position takes many values (a counter or a timestamp would not).
        var ids = Enumerable.Range(0, 400).Select(_ => CredentialsId.New()).ToList();

        for (var i = 0; i < CredentialsId.Length; i++)
            Assert.True(ids.Select(id => id[i]).Distinct().Count() >= 12, $"position {i} barely varies");
    }

    [Fact]
    public void RelativeUri_IsTheAgentsV2Path() =>
        Assert.Equal("/v2/credentials/0123456789abcdef0123456789abcdef", CredentialsId.RelativeUri("0123456789abcdef0123456789abcdef"));

    [Theory]
    [InlineData("/v2/credentials/0123456789abcdef0123456789abcdef", true)]
    [InlineData("/v2/credentials/0123456789ABCDEF0123456789ABCDEF", false)]
    [InlineData("/v2/credentials/0123456789abcdef0123456789abcde", false)]
    [InlineData("/v2/credentials/0123456789abcdef0123456789abcdef0", false)]
    [InlineData("/v2/credentials/0123456789abcdef0123456789abcdef/", false)]
    [InlineData("/v2/credentials/../../v4/0123456789abcdef0123", false)]
    [InlineData("/v2/credentials/", false)]
    [InlineData("/v1/credentials", false)]
    [InlineData(null, false)]
    public void TryParsePath_OnlyAnIdOfTheRightForm(string? path, bool expected)
    {
        Assert.Equal(expected, CredentialsId.TryParsePath(path, out var id));
        Assert.Equal(expected ? path![^32..] : "", id);
    }

    [Fact]
    public void Matches_OnlyTheSameId()
    {
        var id = CredentialsId.New();

        Assert.True(CredentialsId.Matches(id, id));
        Assert.False(CredentialsId.Matches(id, CredentialsId.New()));
        Assert.False(CredentialsId.Matches(null, id));
        Assert.False(CredentialsId.Matches(id, id[..31]));
    }
}
