namespace Berth.SecretsManager.Tests;

/// <summary>The pure rules of staging labels and of ListSecrets' word matching.</summary>
public sealed class SecretStagesTests
{
    static Dictionary<string, List<string>> Map(params (string Version, string[] Labels)[] entries) =>
        entries.ToDictionary(e => e.Version, e => e.Labels.ToList());

    [Fact]
    public void Attach_Current_MovesPreviousToTheVersionItLeft()
    {
        var next = SecretStages.Attach(Map(("v1", ["AWSPREVIOUS"]), ("v2", ["AWSCURRENT", "blue"])), "v3", ["AWSCURRENT"]);

        Assert.Equal(Map(("v2", ["blue", "AWSPREVIOUS"]), ("v3", ["AWSCURRENT"])), next);
    }

    [Fact]
    public void Attach_CurrentOntoThePreviousVersion_SwapsThem()
    {
        var next = SecretStages.Attach(Map(("v1", ["AWSPREVIOUS"]), ("v2", ["AWSCURRENT"])), "v1", ["AWSCURRENT"]);

        Assert.Equal(Map(("v1", ["AWSCURRENT"]), ("v2", ["AWSPREVIOUS"])), next);
    }

    [Fact]
    public void Attach_LabelAlreadyThere_ChangesNothing()
    {
        var stages = Map(("v1", ["AWSCURRENT"]));

        Assert.Equal(stages, SecretStages.Attach(stages, "v1", ["AWSCURRENT"]));
    }

    [Fact]
    public void Detach_LastLabel_DropsTheVersionFromTheMap() =>
        Assert.Equal(Map(("v1", ["AWSCURRENT"])), SecretStages.Detach(Map(("v1", ["AWSCURRENT"]), ("v2", ["x"])), "v2", "x"));

    [Theory]
    [InlineData("credsDatabase#892", new[] { "creds", "Database", "892" })]
    [InlineData("prod/db-password_v2", new[] { "prod", "db", "password", "v", "2" })]
    [InlineData("MySecret", new[] { "My", "Secret" })]
    [InlineData("  ", new string[0])]
    public void Words_SplitAsSecretsManagerSearchDoes(string text, string[] words) =>
        Assert.Equal(words, SecretFilters.Words(text));
}
