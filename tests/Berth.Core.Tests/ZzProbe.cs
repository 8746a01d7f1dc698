using Berth.Core.Model;
using Berth.Core.Validation;
using Berth.Store;
using Berth.Core.Storage;
using Xunit.Abstractions;

namespace Berth.Core.Tests;

public sealed class ZzProbe(ITestOutputHelper o)
{
    [Fact]
    public void P1()
    {
        try { o.WriteLine("cpu: " + FargateSizes.ParseCpu("99999999999 vCPU")); } catch (Exception e) { o.WriteLine("cpu threw " + e.GetType()); }
        try { o.WriteLine("mem: " + FargateSizes.ParseMemory("3000000 GB")); } catch (Exception e) { o.WriteLine("mem threw " + e.GetType()); }
        try { o.WriteLine("mem2: " + FargateSizes.ParseMemory("99999999999999999999999999999999 GB")); } catch (Exception e) { o.WriteLine("mem2 threw " + e.GetType()); }
        var td = Support.Defs.Task();
        td.ContainerDefinitions![0].PortMappings = [new PortMapping { ContainerPort = 80 }];
        TaskDefinitionValidator.Normalize(td);
        o.WriteLine($"input pm after: host={td.ContainerDefinitions[0].PortMappings![0].HostPort} proto={td.ContainerDefinitions[0].PortMappings![0].Protocol}");
        o.WriteLine("parse '3': " + TaskStatuses.Parse("3") + " parse 'running': " + TaskStatuses.Parse("running"));
        o.WriteLine("cluster empty: '" + Arns.ClusterName("arn:aws:ecs:r:a:cluster/") + "'");
    }

    [Fact]
    public async Task P2()
    {
        var a = new SqliteDatabase(":memory:");
        var b = new SqliteDatabase(":memory:");
        await new SqliteStateStore(a).CommitAsync(StoreWrite.Insert(Kinds.Clusters, new Cluster { ClusterName = "x" }), default);
        o.WriteLine("shared memory: " + (await new SqliteStateStore(b).GetAsync(Kinds.Clusters, "x", default) is not null));
    }
}
