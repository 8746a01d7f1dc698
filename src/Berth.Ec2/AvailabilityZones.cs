using System.Globalization;

namespace Berth.Ec2;

/// <summary>The region's availability zones as Berth offers them: <c>REGIONa</c>, <c>b</c> and <c>c</c>, with zone ids <c>use1-az1</c>, ....</summary>
public sealed record AvailabilityZones(string Region)
{
    public IReadOnlyList<(string Name, string Id)> All { get; } = [.. "abc".Select((letter, i) => ($"{Region}{letter}", $"{Short(Region)}-az{(i + 1).ToString(CultureInfo.InvariantCulture)}"))];

    public (string Name, string Id)? Find(string? nameOrId) => All.Cast<(string Name, string Id)?>().FirstOrDefault(z => z!.Value.Name == nameOrId || z.Value.Id == nameOrId);

    public string Names => string.Join(", ", All.Select(z => z.Name));

    /// <summary><c>us-east-1</c> → <c>use1</c>: the first part, the initial of each middle part, the number.</summary>
    static string Short(string region)
    {
        var parts = region.Split('-');
        return parts.Length < 3 ? region : parts[0] + string.Concat(parts[1..^1].Select(p => p.Length > 0 ? p[..1] : "")) + parts[^1];
    }
}
