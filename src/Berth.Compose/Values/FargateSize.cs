namespace Berth.Compose.Values;

/// <summary>The task sizes Fargate offers, to pick one when ecs-params.yml names none.</summary>
public static class FargateSize
{
    static readonly (int Cpu, int[] Memory)[] Table =
    [
        (256, [512, 1024, 2048]),
        (512, Steps(1024, 4096, 1024)),
        (1024, Steps(2048, 8192, 1024)),
        (2048, Steps(4096, 16384, 1024)),
        (4096, Steps(8192, 30720, 1024)),
        (8192, Steps(16384, 61440, 4096)),
        (16384, Steps(32768, 122880, 8192)),
    ];

    static int[] Steps(int from, int to, int step) => Enumerable.Range(0, ((to - from) / step) + 1).Select(i => from + (i * step)).ToArray();

    /// <summary>The smallest size with at least <paramref name="cpu"/> units and <paramref name="memoryMiB"/>; null when none is that big.</summary>
    public static (int Cpu, int Memory)? Smallest(long cpu, long memoryMiB)
    {
        foreach (var (c, mems) in Table)
        {
            if (c < cpu)
                continue;
            foreach (var m in mems)
            {
                if (m >= memoryMiB)
                    return (c, m);
            }
        }
        return null;
    }
}
