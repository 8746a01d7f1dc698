using System.Text;

namespace Berth.Kernel.Tests;

public sealed class PagingTests
{
    static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    static void RefusedToken(string token, string listing)
    {
        var e = Assert.Throws<AwsException>(() => Paging.Decode(token, listing));
        Assert.Equal("InvalidParameterException", e.Code);
        Assert.Contains("Invalid nextToken", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(12345)]
    [InlineData(int.MaxValue)]
    public void EncodeDecode_FullPage_RoundTripsOffset(int offset)
    {
        var token = Paging.Encode(offset, 10, 10, "tasks|prod");
        Assert.NotNull(token);
        Assert.Equal(offset, Paging.Decode(token, "tasks|prod"));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(9, 10)]
    [InlineData(0, 1)]
    public void Encode_ShortPage_IsNull(int returned, int limit)
    {
        Assert.Null(Paging.Encode(returned, returned, limit, "x"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Decode_NoToken_IsStart(string? token)
    {
        Assert.Equal(0, Paging.Decode(token, "anything"));
    }

    [Theory]
    [InlineData("tasks|prod", "tasks|test")]
    [InlineData("tasks|prod", "tasks")]
    [InlineData("tasks", "tasks|prod")]
    [InlineData("clusters", "CLUSTERS")]
    public void Decode_TokenFromAnotherListing_IsRefused(string issuedFor, string usedFor)
    {
        RefusedToken(Paging.Encode(20, 10, 10, issuedFor)!, usedFor);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("%%%")]
    [InlineData("abc")]
    public void Decode_GarbageToken_IsRefused(string token)
    {
        RefusedToken(token, "x");
    }

    [Theory]
    [InlineData("x")]
    [InlineData("x|")]
    [InlineData("x|-5")]
    [InlineData("x|+5")]
    [InlineData("x|ten")]
    [InlineData("x|5.0")]
    [InlineData("|5")]
    [InlineData("x|99999999999")]
    public void Decode_WellFormedBase64WithBadContent_IsRefused(string text)
    {
        RefusedToken(B64(text), "x");
    }

    [Fact]
    public void Decode_ListingContainingBars_IsMatchedWhole()
    {
        Assert.Equal(7, Paging.Decode(B64("streams|/g|pre|LastEventTime|True|7"), "streams|/g|pre|LastEventTime|True"));
    }

    [Theory]
    [InlineData(null, 100, 100)]
    [InlineData(null, 100, 10)]
    [InlineData(1, 100, 1)]
    [InlineData(100, 100, 100)]
    [InlineData(37, 100, 100)]
    public void Limit_InBounds_IsUsed(int? requested, int max, int @default)
    {
        Assert.Equal(requested ?? @default, Paging.Limit(requested, max, @default));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(int.MaxValue)]
    public void Limit_OutOfBounds_IsInvalidParameter(int requested)
    {
        var e = Assert.Throws<AwsException>(() => Paging.Limit(requested, 100, 100));
        Assert.Equal("InvalidParameterException", e.Code);
        var bound = requested < 1 ? "greater than or equal to 1" : "less than or equal to 100";
        Assert.Equal($"1 validation error detected: Value '{requested}' at 'maxResults' failed to satisfy constraint: Member must have value {bound}", e.Message);
        var named = Assert.Throws<AwsException>(() => Paging.Limit(requested, 100, 100, "limit"));
        Assert.Contains($"Value '{requested}' at 'limit'", named.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ForeignToken_IsRefusedWithTheServicesCode()
    {
        var token = Paging.Encode(10, 10, 10, "secrets");

        var e = Assert.Throws<AwsException>(() => Paging.Decode(token, "parameters", "InvalidNextTokenException"));

        Assert.Equal("InvalidNextTokenException", e.Code);
        Assert.Equal(10, Paging.Decode(token, "secrets", "InvalidNextTokenException"));
    }
}
