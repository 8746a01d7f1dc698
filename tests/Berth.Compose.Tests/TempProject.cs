using System.Text.Json.Nodes;

namespace Berth.Compose.Tests;

/// <summary>A folder with compose files written by a test, translated as the CLI would, then removed.</summary>
sealed class TempProject : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("berth-compose-").FullName;

    public Dictionary<string, string> Environment { get; } = [];

    public TempProject Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(Dir, name), text);
        return this;
    }

    public ComposeProject Load(string? ecsParams = null, string project = "demo", bool canBuild = false, params string[] files) =>
        ComposeTranslator.Load(new ComposeOptions(
            (files.Length == 0 ? ["docker-compose.yml"] : files).Select(f => Path.Combine(Dir, f)).ToList(),
            ecsParams is null ? null : Path.Combine(Dir, ecsParams),
            project,
            n => Environment.GetValueOrDefault(n)) { CanBuild = canBuild });

    /// <summary>The translation's error message, with the folder taken out so tests read "docker-compose.yml:7: ...".</summary>
    public string Error(string? ecsParams = null, params string[] files)
    {
        var e = Assert.Throws<ComposeException>(() => Load(ecsParams, files: files));
        return e.Message.Replace(Dir + "/", "");
    }

    public static JsonObject Container(ComposeProject p, string name) =>
        p.TaskDefinition["containerDefinitions"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!.AsObject();

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
