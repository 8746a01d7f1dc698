using Berth.Ecs.Model;
using Berth.Ecs.Validation;
using Berth.TestSupport;
using static Berth.Ecs.Tests.Support.Defs;

namespace Berth.Ecs.Tests.Validation;

public sealed class DependencyGraphTests
{
    static ContainerDefinition C(string name, bool? essential = null, HealthCheck? health = null, params ContainerDependency[] deps)
    {
        var c = Container(name, essential);
        c.HealthCheck = health;
        c.DependsOn = deps.Length == 0 ? null : [.. deps];
        return c;
    }

    static void Refused(IReadOnlyList<ContainerDefinition> containers, params string[] fragments) =>
        AwsAssert.Refused(() => DependencyGraph.Check(containers), "ClientException", fragments);

    [Fact]
    public void Check_NoDependencies_IsAccepted()
    {
        DependencyGraph.Check([C("a"), C("b")]);
        Assert.Equal(["a", "b"], DependencyGraph.StartOrder([C("a"), C("b")])!.Select(c => c.Name));
    }

    [Fact]
    public void Check_UnknownContainer_IsRefused()
    {
        Refused([C("a", deps: Dep("ghost", "START"))], "Container 'a' depends on 'ghost', which is not a container in this task definition");
    }

    [Fact]
    public void Check_DependencyWithoutContainerName_IsRefused()
    {
        Refused([C("a", deps: new ContainerDependency { Condition = "START" })], "Container 'a' depends on ''");
    }

    [Fact]
    public void Check_Self_IsRefused()
    {
        Refused([C("a", deps: Dep("a", "START"))], "Container 'a' cannot depend on itself");
    }

    [Fact]
    public void Check_HealthyWithoutHealthCheck_IsRefused()
    {
        Refused([C("app", deps: Dep("db", "HEALTHY")), C("db")], "depends on 'db' being HEALTHY, but 'db' has no healthCheck");
    }

    [Fact]
    public void Check_HealthyWithHealthCheck_IsAccepted()
    {
        DependencyGraph.Check([C("app", deps: Dep("db", "HEALTHY")), C("db", health: Health())]);
    }

    [Theory]
    [InlineData("COMPLETE", null)]
    [InlineData("COMPLETE", true)]
    [InlineData("SUCCESS", null)]
    [InlineData("SUCCESS", true)]
    public void Check_CompleteOrSuccessOnEssential_IsRefused(string condition, bool? essential)
    {
        Refused([C("app", deps: Dep("init", condition)), C("init", essential)],
            $"depends on 'init' with condition {condition}, which cannot be set on an essential container", "\"essential\": false on 'init'");
    }

    [Theory]
    [InlineData("COMPLETE")]
    [InlineData("SUCCESS")]
    [InlineData("START")]
    public void Check_ConditionOnNonEssential_IsAccepted(string condition)
    {
        DependencyGraph.Check([C("app", deps: Dep("init", condition)), C("init", essential: false)]);
    }

    [Theory]
    [InlineData("READY")]
    [InlineData("start")]
    [InlineData("")]
    [InlineData(null)]
    public void Check_UnknownCondition_IsRefused(string? condition)
    {
        Refused([C("app", deps: Dep("db", condition!)), C("db")], $"dependsOn condition '{condition}' is not valid", "START, COMPLETE, SUCCESS, HEALTHY");
    }

    [Fact]
    public void Check_TwoContainerCycle_IsRefused()
    {
        Refused([C("a", deps: Dep("b", "START")), C("b", deps: Dep("a", "START"))], "form a cycle");
    }

    [Fact]
    public void Check_ThreeContainerCycle_IsRefused()
    {
        Refused(
            [C("a", deps: Dep("b", "START")), C("b", deps: Dep("c", "START")), C("c", deps: Dep("a", "START")), C("d")],
            "form a cycle");
        Assert.Null(DependencyGraph.StartOrder([C("a", deps: Dep("b", "START")), C("b", deps: Dep("c", "START")), C("c", deps: Dep("a", "START"))]));
    }

    [Fact]
    public void Check_DiamondWithoutCycle_IsAccepted()
    {
        DependencyGraph.Check([
            C("app", deps: [Dep("left", "START"), Dep("right", "START")]),
            C("left", deps: Dep("base", "START")),
            C("right", deps: Dep("base", "START")),
            C("base"),
        ]);
    }

    [Fact]
    public void StartOrder_PutsDependenciesFirst()
    {
        var order = DependencyGraph.StartOrder([
            C("app", deps: [Dep("proxy", "START"), Dep("db", "START")]),
            C("proxy", deps: Dep("db", "START")),
            C("db"),
            C("sidecar"),
        ])!.Select(c => c.Name!).ToList();

        Assert.Equal(4, order.Count);
        Assert.True(order.IndexOf("db") < order.IndexOf("proxy"));
        Assert.True(order.IndexOf("proxy") < order.IndexOf("app"));
        Assert.Contains("sidecar", order);
        Assert.Equal(["db", "proxy", "app", "sidecar"], order);
    }
}
