using Berth.Compose.Values;

namespace Berth.Compose.Tests;

/// <summary>The small notations: ports, durations, sizes, shell words, env files.</summary>
public class ValueTests
{
    [Theory]
    [InlineData("80", 80, null, null, "tcp")]
    [InlineData("8080:80", 80, null, 8080, "tcp")]
    [InlineData("53/udp", 53, null, null, "udp")]
    [InlineData("127.0.0.1:8000:8001/tcp", 8001, null, 8000, "tcp")]
    [InlineData("127.0.0.1::9000", 9000, null, null, "tcp")]
    [InlineData("3000-3005", 3000, 3005, null, "tcp")]
    public void PortSpec_Parse_ShortSyntax(string text, int container, int? end, int? host, string protocol) =>
        Assert.Equal(new PortSpec(container, end, host, protocol), PortSpec.Parse(text));

    [Theory]
    [InlineData("80:abc")]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("80/sctp")]
    [InlineData("3005-3000")]
    [InlineData("a:b:c:80")]
    public void PortSpec_Parse_NotAPort_Null(string text) => Assert.Null(PortSpec.Parse(text));

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("1m30s", 90)]
    [InlineData("1h", 3600)]
    [InlineData("500ms", 1)]
    [InlineData("1.5s", 2)]
    [InlineData("45", 45)]
    public void Durations_Seconds(string text, int seconds) => Assert.Equal(seconds, Durations.Seconds(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("10x")]
    [InlineData("s")]
    public void Durations_Bad_Null(string text) => Assert.Null(Durations.Seconds(text));

    [Theory]
    [InlineData("512m", false, 512L)]
    [InlineData("1g", false, 1024L)]
    [InlineData("0.5GB", false, 512L)]
    [InlineData("128MiB", false, 128L)]
    [InlineData("1048576", false, 1L)]
    [InlineData("512", true, 512L)]
    [InlineData("2048k", false, 2L)]
    public void Sizes_MiB(string text, bool bareIsMiB, long mib) => Assert.Equal(mib, Sizes.MiB(text, bareIsMiB));

    [Theory]
    [InlineData("lots")]
    [InlineData("12q")]
    [InlineData("-5m")]
    public void Sizes_MiB_Bad_Null(string text) => Assert.Null(Sizes.MiB(text));

    [Theory]
    [InlineData("256", 256)]
    [InlineData("0.25 vCPU", 256)]
    [InlineData("2 vcpu", 2048)]
    public void Sizes_CpuUnits(string text, int units) => Assert.Equal(units, Sizes.CpuUnits(text));

    [Fact]
    public void ShellWords_QuotesAndEscapes() =>
        Assert.Equal(["sh", "-c", "a 'b' $c", "d e", "f\"g"], ShellWords.Split("sh -c \"a 'b' \\$c\" 'd e' f\\\"g"));

    [Fact]
    public void EnvFile_Forms()
    {
        var pairs = EnvFile.Parse("x.env", "A=1\n# note\n\nexport B = two # comment\nC=\"line\\nnext\"\nD='$literal'\nE\n");
        Assert.Equal([new("A", "1"), new("B", "two"), new("C", "line\nnext"), new("D", "$literal"), new KeyValuePair<string, string?>("E", null)], pairs);
    }

    [Fact]
    public void EnvFile_BadLine_FileLine() =>
        Assert.Equal("x.env:2: \"not a pair\" is not a KEY=VALUE line.", Assert.Throws<ComposeException>(() => EnvFile.Parse("x.env", "A=1\nnot a pair\n")).Message);
}
