using System.Reflection;
using Berth.Kernel.Modules;

namespace Berth.Architecture.Tests;

public sealed class ArchitectureTests
{
    static readonly string Bin = Path.GetDirectoryName(typeof(ArchitectureTests).Assembly.Location)!;

    static AssemblyFacts Facts(string assembly) =>
        AssemblyFacts.Read(Path.Combine(Bin, (assembly == "Berth.Server" ? "berthd" : assembly == "Berth.Cli" ? "berth" : assembly) + ".dll"));

    static IEnumerable<string> BerthReferences(AssemblyFacts a) =>
        a.References.Where(r => r.StartsWith("Berth.", StringComparison.Ordinal) || r is "berthd" or "berth");

    public static TheoryData<string> Modules => [.. HouseRules.Modules.Keys];

    public static TheoryData<string> Adapters => [.. HouseRules.Adapters];

    [Theory]
    [MemberData(nameof(Modules))]
    public void Module_ReferencesOnlyTheKernelAndModulesBeneathIt(string module)
    {
        var beyond = BerthReferences(Facts(module)).Except(HouseRules.Modules[module]).ToList();

        Assert.True(beyond.Count == 0, $"{module} references {string.Join(", ", beyond)}: a module uses the kernel and the modules beneath it only.");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void KernelAndModules_DoNoIo(string module)
    {
        var io = HouseRules.IoUsed(Facts(module)).ToList();

        Assert.True(io.Count == 0, $"{module} uses {string.Join(", ", io)}: files, sockets, processes and the web framework belong in adapters behind ports.");
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public void Adapter_UsesModulesNotOtherAdaptersOrTheServer(string adapter)
    {
        var allowed = HouseRules.Modules.Keys.ToHashSet();
        var beyond = BerthReferences(Facts(adapter)).Where(r => !allowed.Contains(r)).ToList();

        Assert.True(beyond.Count == 0, $"{adapter} references {string.Join(", ", beyond)}: an adapter implements modules' ports and uses nothing above them.");
    }

    [Fact]
    public void ModuleLayers_FormNoCircle()
    {
        // Each module may only reference modules listed before it: the table itself is the order of the layers.
        var seen = new HashSet<string>();
        foreach (var (module, beneath) in HouseRules.Modules)
        {
            Assert.All(beneath, b => Assert.Contains(b, seen));
            seen.Add(module);
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void EveryServiceModule_RegistersItselfThroughOneModuleType(string module)
    {
        if (module == "Berth.Kernel")
            return;
        var types = Assembly.LoadFrom(Path.Combine(Bin, module + ".dll")).GetExportedTypes()
            .Where(t => typeof(IBerthModule).IsAssignableFrom(t) && !t.IsAbstract).ToList();

        Assert.Single(types);
    }

    [Fact]
    public void IoDetector_FindsTheIoOfAnAdapter()
    {
        // The rule above can fail: the same reading finds the file and database use of the store adapter.
        var io = HouseRules.IoUsed(Facts("Berth.Store")).ToList();

        Assert.Contains(io, t => t.StartsWith("Microsoft.Data.Sqlite.", StringComparison.Ordinal));
        Assert.Contains("assembly Microsoft.Data.Sqlite", io);
    }

    [Fact]
    public void IoDetector_FindsTheSocketsAndEnvironmentOfTheHaproxyAdapterAndServer()
    {
        Assert.Contains("System.Net.Sockets.Socket", HouseRules.IoUsed(Facts("Berth.Elb.Haproxy")));
        Assert.Contains("System.Environment::GetEnvironmentVariable", HouseRules.IoUsed(Facts("Berth.Server")));
    }

    [Fact]
    public void ReferenceReader_SeesTheServerAboveEverything()
    {
        var server = BerthReferences(Facts("Berth.Server")).ToHashSet();

        Assert.Superset(HouseRules.Modules.Keys.Concat(HouseRules.Adapters).ToHashSet(), server);
    }

    [Fact]
    public void CommandLine_UsesTheKernelForSigningAndNoModule()
    {
        var refs = BerthReferences(Facts("Berth.Cli")).ToHashSet();

        Assert.Contains("Berth.Kernel", refs);
        Assert.DoesNotContain("Berth.Server", refs);
        Assert.DoesNotContain("berthd", refs);
    }
}
