using System.Text.Json;

namespace Berth.Cli.Tests;

/// <summary>What listing commands print in each --output format, and the hints added to the server's errors.</summary>
public class OutputTests
{
    static readonly string[] Headers = ["Name", "TASK DEFINITION", "CPU %", "MEM USAGE / LIMIT", "RUNNING"];
    static readonly string[][] Rows = [["abc/app", "web:3", "12.50%", "3MiB / 512MiB", "2"], ["def/app", "web:3", "0.00%", "1MiB / 512MiB", "0"]];

    [Theory]
    [InlineData("TaskDefinition", "taskDefinition")]
    [InlineData("TASK DEFINITION", "taskDefinition")]
    [InlineData("CPU %", "cpuPercent")]
    [InlineData("MEM USAGE / LIMIT", "memUsageLimit")]
    [InlineData("Name", "name")]
    public void JsonKey_CamelCase(string header, string key) => Assert.Equal(key, Output.JsonKey(header));

    [Fact]
    public void Json_OneObjectPerRow_CountsAsNumbers()
    {
        using var doc = JsonDocument.Parse(Output.Render(OutputFormat.Json, Headers, Rows));
        var first = doc.RootElement[0];
        Assert.Equal(2, doc.RootElement.GetArrayLength());
        Assert.Equal("abc/app", first.GetProperty("name").GetString());
        Assert.Equal("12.50%", first.GetProperty("cpuPercent").GetString());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("running").ValueKind);
        Assert.Equal(2, first.GetProperty("running").GetInt32());
    }

    [Fact]
    public void Json_LongDigitIdsStayStrings()
    {
        using var doc = JsonDocument.Parse(Output.Render(OutputFormat.Json, ["Task"], [["12345678901234567890123456789012"]]));
        Assert.Equal(JsonValueKind.String, doc.RootElement[0].GetProperty("task").ValueKind);
    }

    [Fact]
    public void Json_NoRows_EmptyArray() => Assert.Equal(0, JsonDocument.Parse(Output.Render(OutputFormat.Json, Headers, [])).RootElement.GetArrayLength());

    [Fact]
    public void Text_HeaderThenTabSeparatedRows() =>
        Assert.Equal("Name\tTASK DEFINITION\tCPU %\tMEM USAGE / LIMIT\tRUNNING\nabc/app\tweb:3\t12.50%\t3MiB / 512MiB\t2\ndef/app\tweb:3\t0.00%\t1MiB / 512MiB\t0\n",
            Output.Render(OutputFormat.Text, Headers, Rows));

    [Fact]
    public void Table_HasEveryCellAndNoEscapeCodesWhenNotATerminal()
    {
        var table = Output.Render(OutputFormat.Table, Headers, Rows);
        Assert.DoesNotContain('\u001b', table);
        foreach (var cell in Headers.Concat(Rows.SelectMany(r => r)))
            Assert.Contains(cell, table);
    }

    [Fact]
    public void Table_NoRows_SaysNone() => Assert.Contains("(none)", Output.Render(OutputFormat.Table, Headers, []));

    [Fact]
    public void Table_MarkupInCellsIsPrintedLiterally() => Assert.Contains("[red]x[/]", Output.Render(OutputFormat.Table, ["A"], [["[red]x[/]"]]));

    [Fact]
    public void ErrorHints_UnknownClusterPointsAtClusters() =>
        Assert.Equal("ClusterNotFoundException: Cluster not found.\nList clusters with `berth clusters`, or create one with `aws ecs create-cluster --cluster-name NAME`.",
            ErrorHints.Format("ClusterNotFoundException", "Cluster not found."));

    [Fact]
    public void ErrorHints_OtherErrorsUnchanged() =>
        Assert.Equal("InvalidParameterException: bad", ErrorHints.Format("InvalidParameterException", "bad"));
}
