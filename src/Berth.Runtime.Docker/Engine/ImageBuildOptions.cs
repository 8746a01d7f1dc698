namespace Berth.Runtime.Docker.Engine;

/// <summary>What POST /build needs besides the context: the tag, the Dockerfile's path inside the context and build args.</summary>
public sealed record ImageBuildOptions(string Tag, string Dockerfile = "Dockerfile", IReadOnlyDictionary<string, string>? BuildArgs = null);
