namespace Berth.Ecs.Model;

/// <summary>The ECS <c>KeyValuePair</c> shape (environment variables, attachment details).</summary>
public sealed record KeyValue
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

/// <summary>The ECS <c>Failure</c> shape returned beside results by batch operations.</summary>
public sealed record Failure
{
    public string? Arn { get; set; }
    public string? Reason { get; set; }
    public string? Detail { get; set; }
}
