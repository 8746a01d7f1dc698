using System.Text.Json.Nodes;

namespace Berth.Compose;

/// <summary>A warning in ecs-cli's words, with its logrus fields (e.g. <c>option name=networks</c>).</summary>
public sealed record ComposeWarning(string Message, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public static ComposeWarning Unsupported(string option, string? service = null) => service is null
        ? new("Skipping unsupported YAML option...", [new("option name", option)])
        : new("Skipping unsupported YAML option for service...", [new("option name", option), new("service name", service)]);

    public override string ToString() => Message + string.Concat(Fields.Select(f => $" {f.Key}={f.Value}"));
}

/// <summary>An image a service builds (<c>build:</c>) before it runs: where from, and the tag it gets.</summary>
public sealed record ServiceBuild(string Service, string Context, string? Dockerfile, IReadOnlyDictionary<string, string> Args, string Image);

/// <summary>What to read: the compose files, ecs-params.yml, the project's name, the environment.</summary>
public sealed record ComposeOptions(
    IReadOnlyList<string> Files,
    string? EcsParamsFile,
    string ProjectName,
    Func<string, string?> Environment)
{
    /// <summary>Whether a <c>build:</c> can be honoured (an image builder is at hand); otherwise it is refused.</summary>
    public bool CanBuild { get; init; }
}

/// <summary>
/// A compose project in ECS terms: the RegisterTaskDefinition request (family = project name), the
/// networkConfiguration for RunTask/CreateService, the images to build first, and the warnings to show.
/// </summary>
public sealed record ComposeProject(
    string Name,
    JsonObject TaskDefinition,
    JsonObject? NetworkConfiguration,
    IReadOnlyList<ServiceBuild> Builds,
    IReadOnlyList<ComposeWarning> Warnings)
{
    public IEnumerable<string> ContainerNames =>
        TaskDefinition["containerDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
}
