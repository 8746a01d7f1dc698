using Berth.Ecs.TaskMetadata;

namespace Berth.Ecs.Tests.TaskMetadata;

public sealed class MetadataRequestTests
{
    const string Token = "0123456789abcdef0123";

    [Theory]
    [InlineData("/v4/" + Token, 4, "Container")]
    [InlineData("/v4/" + Token + "/", 4, "Container")]
    [InlineData("/v4/" + Token + "/task", 4, "Task")]
    [InlineData("/v4/" + Token + "/stats", 4, "ContainerStats")]
    [InlineData("/v4/" + Token + "/task/stats", 4, "TaskStats")]
    [InlineData("/v3/" + Token + "/task", 3, "Task")]
    public void TryParse_DocumentedPaths_Parse(string path, int version, string resource)
    {
        Assert.True(MetadataRequest.TryParse(path, out var request));
        Assert.Equal(new MetadataRequest(version, Token, Enum.Parse<MetadataResource>(resource)), request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/")]
    [InlineData("/v4")]
    [InlineData("/v2/" + Token)]
    [InlineData("/v4/" + Token + "/stats/task")]
    [InlineData("/v4/" + Token + "/task/stats/x")]
    [InlineData("/v4/0123456789ABCDEF0123")]
    [InlineData("/v4/0123456789abcdef01")]
    [InlineData("/v4/../etc/passwd")]
    public void TryParse_OtherPaths_AreRefused(string? path) => Assert.False(MetadataRequest.TryParse(path, out _));

    [Fact]
    public void Tokens_SameInput_SameToken_OtherTaskOrKey_Differs()
    {
        var tokens = new MetadataTokens(new byte[32]);
        var token = tokens.For("arn:task/a", "app");

        Assert.Equal(MetadataTokens.Length, token.Length);
        Assert.True(MetadataRequest.TryParse($"/v4/{token}", out _));
        Assert.Equal(token, tokens.For("arn:task/a", "app"));
        Assert.True(tokens.Matches(token, "arn:task/a", "app"));
        Assert.False(tokens.Matches(token, "arn:task/b", "app"));
        Assert.False(tokens.Matches(token, "arn:task/a", "side"));
        Assert.NotEqual(token, new MetadataTokens(Enumerable.Repeat((byte)1, 32).ToArray()).For("arn:task/a", "app"));
    }
}
