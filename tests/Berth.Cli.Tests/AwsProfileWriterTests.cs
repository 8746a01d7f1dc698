using Berth.Cli.Aws;
using Berth.Cli.Commands;

namespace Berth.Cli.Tests;

public sealed class AwsProfileWriterTests
{
    [Fact]
    public void Apply_EmptyFiles_WritesTheProfileTheAwsCliReads()
    {
        var (credentials, config) = AwsProfileWriter.Apply("", "", "berth", "AKIDROOT", "s3cret", "us-east-1", "http://localhost:4566");
        Assert.Equal("[berth]\naws_access_key_id = AKIDROOT\naws_secret_access_key = s3cret\n", credentials);
        Assert.Equal("[profile berth]\nregion = us-east-1\nendpoint_url = http://localhost:4566\n", config);
    }

    [Fact]
    public void Apply_OtherProfilesAndComments_StayAndTheOldTokenGoes()
    {
        const string credentials = "# work\n[default]\naws_access_key_id = AKIAWORK\naws_secret_access_key = w\n\n[berth]\naws_access_key_id = OLD\naws_secret_access_key = old\naws_session_token = stale\n";
        const string config = "[default]\nregion = eu-west-1\n\n[profile berth]\nregion = us-east-1\ncli_pager =\n";
        var (c, f) = AwsProfileWriter.Apply(credentials, config, "berth", "AKIDROOT", "new", "us-east-1", "http://localhost:4611");
        Assert.Equal("# work\n[default]\naws_access_key_id = AKIAWORK\naws_secret_access_key = w\n\n[berth]\naws_access_key_id = AKIDROOT\naws_secret_access_key = new\n", c);
        Assert.Equal("[default]\nregion = eu-west-1\n\n[profile berth]\nregion = us-east-1\ncli_pager =\nendpoint_url = http://localhost:4611\n", f);
    }

    [Fact]
    public void Apply_DefaultProfile_IsDefaultInTheConfigFile() =>
        Assert.StartsWith("[default]\n", AwsProfileWriter.Apply("", "", "default", "A", "s", "r", "http://e").Config);

    [Fact]
    public void Apply_WrittenProfile_ResolvesThroughTheChain()
    {
        var (credentials, config) = AwsProfileWriter.Apply("", "", "berth", "AKIDROOT", "s3cret", "eu-west-1", "http://localhost:4566");
        var files = new Dictionary<string, string> { ["/h/.aws/credentials"] = credentials, ["/h/.aws/config"] = config };
        var aws = new AwsConfig(new AwsInputs(n => n == "AWS_PROFILE" ? "berth" : null, p => files.GetValueOrDefault(p), "/h"));
        Assert.Equal(("AKIDROOT", "s3cret"), (aws.Credentials()!.AccessKeyId, aws.Credentials()!.Secret));
        Assert.Equal(("http://localhost:4566", "eu-west-1"), (aws.Endpoint("ecs"), aws.Region()));
    }

    [Theory]
    [InlineData("AKIDROOT", "AKIDROOT")]
    [InlineData("a/b+c=", "a/b+c=")]
    [InlineData("it's $x", "'it'\\''s $x'")]
    [InlineData("", "''")]
    public void Quote_ExportValues_AreOneShellWord(string value, string quoted) => Assert.Equal(quoted, CredentialsCommand.Quote(value));

    [Fact]
    public void ServiceId_EachServiceBerthCalls_NamesItsVariable()
    {
        Assert.Equal("cloudwatch_logs", CliSettings.ServiceId("logs"));
        Assert.Equal("elastic_load_balancing_v2", CliSettings.ServiceId("elasticloadbalancing"));
        Assert.Equal("cloudwatch", CliSettings.ServiceId("monitoring"));
        Assert.Equal("application_auto_scaling", CliSettings.ServiceId("application-autoscaling"));
        Assert.Equal("ecs", CliSettings.ServiceId("ecs"));
    }
}
