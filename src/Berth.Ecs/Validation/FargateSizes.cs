using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Ecs.Validation;

/// <summary>
/// The Fargate task size table and the two notations ECS accepts for it
/// (<c>"1024"</c> or <c>"1 vCPU"</c>; <c>"2048"</c> or <c>"2 GB"</c>).
/// </summary>
public static partial class FargateSizes
{
    /// <summary>CPU units → the memory sizes (MiB) Fargate offers with them.</summary>
    public static readonly IReadOnlyDictionary<int, int[]> Table = new Dictionary<int, int[]>
    {
        [256] = [512, 1024, 2048],
        [512] = Range(1024, 4096, 1024),
        [1024] = Range(2048, 8192, 1024),
        [2048] = Range(4096, 16384, 1024),
        [4096] = Range(8192, 30720, 1024),
        [8192] = Range(16384, 61440, 4096),
        [16384] = Range(32768, 122880, 8192),
    };

    static int[] Range(int from, int to, int step) =>
        Enumerable.Range(0, ((to - from) / step) + 1).Select(i => from + (i * step)).ToArray();

    public static bool IsValid(int cpu, int memory) => Table.TryGetValue(cpu, out var mems) && mems.Contains(memory);

    /// <summary>What to tell a user whose combination is not offered.</summary>
    public static string Explain(int cpu, int memory)
    {
        var head = $"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory.";
        if (!Table.TryGetValue(cpu, out var mems))
            return $"{head} Valid CPU values are {string.Join(", ", Table.Keys)} (or '0.25 vCPU' ... '16 vCPU').";
        return $"{head} With {cpu} CPU units use memory between {mems[0]} and {mems[^1]} MiB"
             + (mems.Length <= 3 ? $" ({string.Join(", ", mems)})." : $" in steps of {mems[1] - mems[0]} MiB.");
    }

    /// <summary>Parses a task cpu value into CPU units; null when it is not a number or "N vCPU".</summary>
    public static int? ParseCpu(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var m = VcpuPattern().Match(value);
        if (m.Success)
            return ToUnits(m.Groups[1].Value, 1024);
        return int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var units) ? units : null;
    }

    /// <summary>Parses a task memory value into MiB; null when it is not a number or "N GB".</summary>
    public static int? ParseMemory(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var m = GbPattern().Match(value);
        if (m.Success)
            return ToUnits(m.Groups[1].Value, 1024);
        return int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mib) ? mib : null;
    }

    static int? ToUnits(string number, int scale) =>
        decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            && d <= int.MaxValue / (decimal)scale && d * scale == Math.Floor(d * scale)
            ? (int)(d * scale)
            : null;

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*vcpu\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VcpuPattern();

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*gb\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GbPattern();
}
