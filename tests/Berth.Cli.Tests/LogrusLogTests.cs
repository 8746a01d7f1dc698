namespace Berth.Cli.Tests;

/// <summary>The progress lines of berth compose, in the logrus text format ecs-cli users grep.</summary>
public class LogrusLogTests
{
    [Fact]
    public void Format_SeedLine_AsEcsCliPrintedIt() =>
        Assert.Equal(
            "INFO[0002] Describe ECS container status container=\"2f10bddd-75ad-48ce-94ce-88042f77b362/test\" desiredStatus=RUNNING lastStatus=PROVISIONING taskDefinition=\"fargate_demo_1:2\"",
            LogrusLog.Format("INFO", 2, "Describe ECS container status",
                [("container", "2f10bddd-75ad-48ce-94ce-88042f77b362/test"), ("desiredStatus", "RUNNING"), ("lastStatus", "PROVISIONING"), ("taskDefinition", "fargate_demo_1:2")]));

    [Fact]
    public void Format_Warning_FieldNamesWithSpaces() =>
        Assert.Equal("WARN[0000] Skipping unsupported YAML option for service... option name=networks service name=test",
            LogrusLog.Format("WARN", 0, "Skipping unsupported YAML option for service...", [("option name", "networks"), ("service name", "test")]));

    [Fact]
    public void Format_Colour_LevelAndKeysOnly() =>
        Assert.Equal("\u001b[36mINFO\u001b[0m[0012] Started container... \u001b[36mcontainer\u001b[0m=\"a/b\"",
            LogrusLog.Format("INFO", 12, "Started container...", [("container", "a/b")], colour: 36));

    [Theory]
    [InlineData("RUNNING", "RUNNING")]
    [InlineData("10.0.0.5", "10.0.0.5")]
    [InlineData("demo:2", "\"demo:2\"")]
    [InlineData("a b", "\"a b\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    public void Quote_AsLogrus(string value, string expected) => Assert.Equal(expected, LogrusLog.Quote(value));
}
