namespace Berth.Compose.Tests;

/// <summary>Variable substitution as compose does it, from the environment and the project's .env file.</summary>
public class InterpolationTests
{
    static readonly Dictionary<string, string> Env = new() { ["SET"] = "value", ["EMPTY"] = "" };

    static string Apply(string text, List<string>? warnings = null) =>
        new Interpolation(n => Env.GetValueOrDefault(n), w => warnings?.Add(w)).Apply(text, m => new ComposeException("f", 1, m));

    [Theory]
    [InlineData("${SET}", "value")]
    [InlineData("$SET/x", "value/x")]
    [InlineData("${UNSET:-fallback}", "fallback")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${EMPTY-fallback}", "")]
    [InlineData("${UNSET-fallback}", "fallback")]
    [InlineData("${SET:+other}", "other")]
    [InlineData("${UNSET:+other}", "")]
    [InlineData("${UNSET:-${SET}}", "value")]
    [InlineData("cost $$5 and $${SET}", "cost $5 and ${SET}")]
    [InlineData("no dollars", "no dollars")]
    public void Apply_Forms_SubstitutedAsCompose(string text, string expected) => Assert.Equal(expected, Apply(text));

    [Fact]
    public void Apply_UnsetVariable_BlankWithComposeWarning()
    {
        var warnings = new List<string>();
        Assert.Equal("a--b", Apply("a-${NOPE}-b", warnings));
        Assert.Equal(["The \"NOPE\" variable is not set. Defaulting to a blank string."], warnings);
    }

    [Theory]
    [InlineData("${UNSET:?needs a value}", "required variable UNSET is missing a value: needs a value")]
    [InlineData("${SET", "'${' without its '}'")]
    [InlineData("price: 5$", "a lone '$' at the end")]
    [InlineData("${1abc}", "does not start with a variable name")]
    public void Apply_Bad_ErrorSaysWhy(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<ComposeException>(() => Apply(text)).Message);

    [Fact]
    public void Load_DotEnvAndEnvironment_EnvironmentWinsOverDotEnv()
    {
        using var t = new TempProject()
            .Write(".env", "TAG=from-dotenv\nPORT=8080\n")
            .Write("docker-compose.yml", "services:\n  web:\n    image: \"busybox:${TAG}\"\n    ports: [\"${PORT}\"]\n    command: echo $$HOME ${GREETING:-hi}\n");
        t.Environment["PORT"] = "9090";
        var c = TempProject.Container(t.Load(), "web");
        Assert.Equal("busybox:from-dotenv", c["image"]!.GetValue<string>());
        Assert.Equal(9090, c["portMappings"]![0]!["containerPort"]!.GetValue<int>());
        Assert.Equal(["echo", "$HOME", "hi"], c["command"]!.AsArray().Select(x => x!.GetValue<string>()));
    }
}
