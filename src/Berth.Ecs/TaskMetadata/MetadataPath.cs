namespace Berth.Ecs.TaskMetadata;

public enum MetadataResource
{
    Container,
    Task,
    ContainerStats,
    TaskStats,
}

/// <summary>One request to the endpoint: <c>/v4/{token}</c>, <c>/task</c>, <c>/stats</c> or <c>/task/stats</c> after it (v3 alike).</summary>
public readonly record struct MetadataRequest(int Version, string Token, MetadataResource Resource)
{
    public static bool TryParse(string? path, out MetadataRequest request)
    {
        request = default;
        var parts = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 2 or > 4 || parts[0] is not ("v3" or "v4") || !IsToken(parts[1]))
            return false;
        MetadataResource? resource = parts[2..] switch
        {
            [] => MetadataResource.Container,
            ["task"] => MetadataResource.Task,
            ["stats"] => MetadataResource.ContainerStats,
            ["task", "stats"] => MetadataResource.TaskStats,
            _ => null,
        };
        if (resource is null)
            return false;
        request = new MetadataRequest(parts[0][1] - '0', parts[1], resource.Value);
        return true;
    }

    static bool IsToken(string s) => s.Length == MetadataTokens.Length && s.All(char.IsAsciiHexDigitLower);
}
