using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Compose.Values;

/// <summary>Memory sizes and CPU amounts as compose and ecs-params.yml write them, in ECS's units (MiB, CPU units).</summary>
public static partial class Sizes
{
    /// <summary>
    /// A compose byte size ("512m", "1g", "1.5GB", "128MiB", "1024k") in MiB, rounded down; a bare number is bytes,
    /// unless <paramref name="bareIsMiB"/> (ecs-params' task_size and mem_limit write plain MiB).
    /// </summary>
    public static long? MiB(string text, bool bareIsMiB = false)
    {
        var m = Size().Match(text.Trim());
        if (!m.Success)
            return null;
        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups[2].Value.ToLowerInvariant();
        var bytes = unit switch
        {
            "" => bareIsMiB ? n * 1024 * 1024 : n,
            "b" => n,
            "k" or "kb" or "kib" => n * 1024,
            "m" or "mb" or "mib" => n * 1024 * 1024,
            "g" or "gb" or "gib" => n * 1024 * 1024 * 1024,
            _ => -1,
        };
        return bytes < 0 ? null : (long)Math.Floor(bytes / (1024 * 1024));
    }

    /// <summary>"256", "1024", "0.25 vCPU", "1 vcpu" → CPU units.</summary>
    public static int? CpuUnits(string text)
    {
        var m = Vcpu().Match(text.Trim());
        if (m.Success)
            return (int)Math.Round(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1024);
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var units) ? units : null;
    }

    /// <summary>Compose's <c>cpus: "0.5"</c> → CPU units (1 CPU = 1024).</summary>
    public static int? CpusToUnits(string text) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) && cpus >= 0
            ? (int)Math.Round(cpus * 1024)
            : null;

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Size();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*vcpus?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Vcpu();
}
