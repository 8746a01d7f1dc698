using Berth.Logs.Insights;

namespace Berth.Logs.Tests.Insights;

public sealed class JsonFieldsTests
{
    [Fact]
    public void Nested_Objects_AndArrays_FlattenWithDots()
    {
        var fields = JsonFields.Discover("""{"a": 1, "b": {"c": "x", "d": [true, {"e": null, "f": 2.5}]}, "g": null}""")!;
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b.c"] = "x", ["b.d.0"] = "true", ["b.d.1.f"] = "2.5" }, fields);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("[1, 2]")]
    [InlineData("{not json")]
    [InlineData("")]
    public void NotAJsonObject_HasNoFields(string message) => Assert.Null(JsonFields.Discover(message));

    [Fact]
    public void AtMost200Fields()
    {
        var json = "{" + string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"k{i}\": {i}")) + "}";
        Assert.Equal(JsonFields.MaxFields, JsonFields.Discover(json)!.Count);
    }

    [Fact]
    public void Pointer_RoundTrips_AndRejectsForeignText()
    {
        var p = new LogPointer("/ecs/web-1", 1_700_000_000_123, 42);
        Assert.Equal(p, LogPointer.Decode(p.Encode()));
        Assert.Null(LogPointer.Decode("not-a-pointer"));
        Assert.Null(LogPointer.Decode(""));
    }

    [Fact]
    public void Durations_FloorAndCeil_OnTheEpochGrid()
    {
        Assert.Equal(300_000, Durations.Floor(599_999, 300_000));
        Assert.Equal(600_000, Durations.Ceil(300_001, 300_000));
        Assert.Equal(300_000, Durations.Ceil(300_000, 300_000));
        Assert.Equal(-300_000, Durations.Floor(-1, 300_000));
    }
}
