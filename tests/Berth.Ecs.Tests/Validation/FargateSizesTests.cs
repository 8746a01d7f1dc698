using Berth.Ecs.Validation;

namespace Berth.Ecs.Tests.Validation;

public sealed class FargateSizesTests
{
    /// <summary>The Fargate table as AWS documents it, written out independently of the code under test.</summary>
    static readonly (int Cpu, int From, int To, int Step)[] Documented =
    [
        (512, 1024, 4096, 1024),
        (1024, 2048, 8192, 1024),
        (2048, 4096, 16384, 1024),
        (4096, 8192, 30720, 1024),
        (8192, 16384, 61440, 4096),
        (16384, 32768, 122880, 8192),
    ];

    static readonly int[] Cpus = [256, 512, 1024, 2048, 4096, 8192, 16384];

    static HashSet<(int Cpu, int Memory)> Expected()
    {
        var set = new HashSet<(int, int)> { (256, 512), (256, 1024), (256, 2048) };
        foreach (var (cpu, from, to, step) in Documented)
        {
            for (var m = from; m <= to; m += step)
                set.Add((cpu, m));
        }
        return set;
    }

    static int StepOf(int cpu) => cpu switch
    {
        256 => 512,
        8192 => 4096,
        16384 => 8192,
        _ => 1024,
    };

    public static TheoryData<int, int> ValidCombinations()
    {
        var data = new TheoryData<int, int>();
        foreach (var (cpu, memory) in Expected().OrderBy(x => x.Cpu).ThenBy(x => x.Memory))
            data.Add(cpu, memory);
        return data;
    }

    [Fact]
    public void Table_HoldsExactlyTheDocumentedCombinations()
    {
        var actual = FargateSizes.Table.SelectMany(kv => kv.Value.Select(m => (kv.Key, m))).ToHashSet();
        var expected = Expected();
        Assert.Equal(74, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.SetEquals(actual), "extra: " + string.Join(", ", actual.Except(expected)) + " missing: " + string.Join(", ", expected.Except(actual)));
        Assert.Equal(Cpus, FargateSizes.Table.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(ValidCombinations))]
    public void IsValid_DocumentedCombination_IsAccepted(int cpu, int memory)
    {
        Assert.True(FargateSizes.IsValid(cpu, memory));
    }

    [Theory]
    [MemberData(nameof(ValidCombinations))]
    public void IsValid_NeighboursOfValidCombination_AreRefusedUnlessDocumented(int cpu, int memory)
    {
        var expected = Expected();
        var step = StepOf(cpu);
        var cpuIndex = Array.IndexOf(Cpus, cpu);
        var neighbours = new List<(int Cpu, int Memory)>
        {
            (cpu, memory + step),
            (cpu, memory - step),
            (cpu, memory + 1),
            (cpu, memory - 1),
            (cpu + 1, memory),
            (cpu - 1, memory),
        };
        if (cpuIndex + 1 < Cpus.Length)
            neighbours.Add((Cpus[cpuIndex + 1], memory));
        if (cpuIndex > 0)
            neighbours.Add((Cpus[cpuIndex - 1], memory));

        foreach (var (c, m) in neighbours)
            Assert.True(expected.Contains((c, m)) == FargateSizes.IsValid(c, m), $"IsValid({c}, {m}) should be {expected.Contains((c, m))}");

        // Memory ± 1 MiB is never a Fargate size, and an odd CPU value never is either.
        Assert.False(FargateSizes.IsValid(cpu, memory + 1));
        Assert.False(FargateSizes.IsValid(cpu, memory - 1));
        Assert.False(FargateSizes.IsValid(cpu + 1, memory));
    }

    [Theory]
    [InlineData(256, 4096)]
    [InlineData(256, 1536)]
    [InlineData(512, 512)]
    [InlineData(512, 5120)]
    [InlineData(1024, 1024)]
    [InlineData(1024, 9216)]
    [InlineData(2048, 3072)]
    [InlineData(4096, 31744)]
    [InlineData(8192, 17408)]
    [InlineData(8192, 65536)]
    [InlineData(16384, 36864)]
    [InlineData(16384, 131072)]
    [InlineData(128, 512)]
    [InlineData(32768, 131072)]
    [InlineData(0, 0)]
    [InlineData(-256, 512)]
    public void IsValid_UndocumentedCombination_IsRefused(int cpu, int memory)
    {
        Assert.False(FargateSizes.IsValid(cpu, memory));
    }

    [Theory]
    [InlineData("256", 256)]
    [InlineData("1024", 1024)]
    [InlineData(" 2048 ", 2048)]
    [InlineData("1 vCPU", 1024)]
    [InlineData("1vcpu", 1024)]
    [InlineData("0.25 vCPU", 256)]
    [InlineData("0.5 vCPU", 512)]
    [InlineData("2 VCPU", 2048)]
    [InlineData("16 vCPU", 16384)]
    [InlineData(" 4 vCPU ", 4096)]
    [InlineData("1.5 vCPU", 1536)]
    public void ParseCpu_Notation_GivesCpuUnits(string value, int expected)
    {
        Assert.Equal(expected, FargateSizes.ParseCpu(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("+256")]
    [InlineData("1.3 vCPU")]
    [InlineData("0.1 vCPU")]
    [InlineData("256.5")]
    [InlineData("1 GB")]
    [InlineData("vCPU")]
    [InlineData("-1 vCPU")]
    [InlineData("1 vCPU extra")]
    [InlineData("1,024")]
    public void ParseCpu_Garbage_IsNull(string? value)
    {
        Assert.Null(FargateSizes.ParseCpu(value));
    }

    [Theory]
    [InlineData("512", 512)]
    [InlineData("2048", 2048)]
    [InlineData(" 4096 ", 4096)]
    [InlineData("2 GB", 2048)]
    [InlineData("2GB", 2048)]
    [InlineData("2 gb", 2048)]
    [InlineData("0.5 GB", 512)]
    [InlineData("0.25 GB", 256)]
    [InlineData("120 GB", 122880)]
    public void ParseMemory_Notation_GivesMiB(string value, int expected)
    {
        Assert.Equal(expected, FargateSizes.ParseMemory(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("-1 GB")]
    [InlineData("1.0001 GB")]
    [InlineData("512.5")]
    [InlineData("1 vCPU")]
    [InlineData("2 GiB")]
    [InlineData("2 MB")]
    [InlineData("GB")]
    public void ParseMemory_Garbage_IsNull(string? value)
    {
        Assert.Null(FargateSizes.ParseMemory(value));
    }

    [Fact]
    public void Explain_UnknownCpu_ListsValidCpuValues()
    {
        var text = FargateSizes.Explain(300, 512);
        Assert.Contains("300 CPU, 512 memory", text, StringComparison.Ordinal);
        Assert.Contains("256, 512, 1024, 2048, 4096, 8192, 16384", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Cpu256_ListsTheThreeMemorySizes()
    {
        var text = FargateSizes.Explain(256, 4096);
        Assert.Contains("256 CPU, 4096 memory", text, StringComparison.Ordinal);
        Assert.Contains("between 512 and 2048 MiB", text, StringComparison.Ordinal);
        Assert.Contains("(512, 1024, 2048)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(512, 8192, 1024, 4096, 1024)]
    [InlineData(1024, 9216, 2048, 8192, 1024)]
    [InlineData(2048, 2048, 4096, 16384, 1024)]
    [InlineData(4096, 4096, 8192, 30720, 1024)]
    [InlineData(8192, 17408, 16384, 61440, 4096)]
    [InlineData(16384, 40000, 32768, 122880, 8192)]
    public void Explain_KnownCpu_GivesRangeAndStep(int cpu, int memory, int min, int max, int step)
    {
        var text = FargateSizes.Explain(cpu, memory);
        Assert.Contains($"between {min} and {max} MiB", text, StringComparison.Ordinal);
        Assert.Contains($"steps of {step} MiB", text, StringComparison.Ordinal);
    }
}
