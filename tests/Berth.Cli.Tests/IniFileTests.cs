using Berth.Cli.Aws;

namespace Berth.Cli.Tests;

public sealed class IniFileTests
{
    [Fact]
    public void Parse_SectionsKeysAndComments_AsTheAwsCliReadsThem()
    {
        var ini = IniFile.Parse("""
            # a comment
            [default]
            Region = eu-west-1
            ; another comment
            output: json
            [profile dev]
            aws_access_key_id=AKIADEV
            note = a;b #c
            """);
        Assert.Equal("eu-west-1", ini["default"]["region"]);
        Assert.Equal("json", ini["default"]["output"]);
        Assert.Equal("AKIADEV", ini["profile dev"]["aws_access_key_id"]);
        Assert.Equal("a;b #c", ini["profile dev"]["note"]); // no inline comments, as configparser under botocore
        Assert.Equal(2, ini.Count);
    }

    [Fact]
    public void Parse_EndpointUrlWithColons_KeyRunsToTheFirstDelimiter() =>
        Assert.Equal("http://localhost:4566", IniFile.Parse("[p]\nendpoint_url = http://localhost:4566\n")["p"]["endpoint_url"]);

    [Fact]
    public void Parse_IndentedLines_ContinueTheValue_AndNestedReadsThem()
    {
        var ini = IniFile.Parse("[services local]\necs =\n  endpoint_url = http://localhost:4566\n  other = x\nlogs =\n  endpoint_url = http://localhost:4567\n");
        Assert.Equal("http://localhost:4566", IniFile.Nested(ini["services local"]["ecs"])["endpoint_url"]);
        Assert.Equal("x", IniFile.Nested(ini["services local"]["ecs"])["other"]);
        Assert.Equal("http://localhost:4567", IniFile.Nested(ini["services local"]["logs"])["endpoint_url"]);
    }

    [Fact]
    public void Parse_ALineThatIsNeitherSectionNorKey_IsAnErrorWithItsLine()
    {
        var e = Assert.Throws<FormatException>(() => IniFile.Parse("[a]\nk = v\njunk\n"));
        Assert.StartsWith("line 3:", e.Message);
    }

    [Fact]
    public void Parse_AKeyBeforeAnySection_IsAnError() =>
        Assert.Contains("before any [section]", Assert.Throws<FormatException>(() => IniFile.Parse("k = v\n")).Message);

    [Fact]
    public void Set_NewSection_IsAppendedAfterABlankLine_OthersUntouched()
    {
        const string before = "# mine\n[default]\naws_access_key_id = A\n";
        var after = IniFile.Set(before, ["berth"], [new("aws_access_key_id", "K"), new("aws_secret_access_key", "S"), new("aws_session_token", null)]);
        Assert.Equal("# mine\n[default]\naws_access_key_id = A\n\n[berth]\naws_access_key_id = K\naws_secret_access_key = S\n", after);
    }

    [Fact]
    public void Set_ExistingSection_ReplacesInPlace_AddsMissing_RemovesNulls_KeepsCommentsAndOtherKeys()
    {
        const string before = """
            [profile berth]
            # kept
            region = eu-west-1
            output = json
            aws_session_token = old
            [profile other]
            region = us-west-2
            """;
        var after = IniFile.Set(before, ["profile berth"], [new("region", "us-east-1"), new("endpoint_url", "http://localhost:4566"), new("aws_session_token", null)]);
        Assert.Equal("""
            [profile berth]
            # kept
            region = us-east-1
            output = json
            endpoint_url = http://localhost:4566
            [profile other]
            region = us-west-2

            """, after);
    }

    [Fact]
    public void Set_HeaderWithExtraSpaces_IsTheSameSection()
    {
        var after = IniFile.Set("[profile   berth]\nregion = x\n", ["profile berth"], [new("region", "y")]);
        Assert.Equal("[profile   berth]\nregion = y\n", after);
    }

    [Fact]
    public void Set_ReplacedNestedValue_TakesItsContinuationLinesWithIt()
    {
        var after = IniFile.Set("[p]\nendpoint_url =\n  nested = 1\nregion = r\n", ["p"], [new("endpoint_url", "http://h")]);
        Assert.Equal("[p]\nendpoint_url = http://h\nregion = r\n", after);
    }

    [Fact]
    public void Set_OnAnEmptyFile_WritesTheSectionAlone() =>
        Assert.Equal("[default]\nregion = us-east-1\n", IniFile.Set("", ["default", "profile default"], [new("region", "us-east-1")]));

    [Fact]
    public void Set_SecondAcceptedHeader_IsUsedWhenPresent() =>
        Assert.Equal("[profile default]\nregion = b\n", IniFile.Set("[profile default]\nregion = a\n", ["default", "profile default"], [new("region", "b")]));

    [Fact]
    public void Set_WhatItWrites_ParsesBack()
    {
        var text = IniFile.Set("[x]\n; c\n", ["x"], [new("a", "1"), new("b", "2")]);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, IniFile.Parse(text)["x"]);
    }
}
