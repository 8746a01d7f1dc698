using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using static Berth.Ecs.Tests.Support.Defs;
using Verdict = Berth.Ecs.Controllers.Dependencies.Verdict;

namespace Berth.Ecs.Tests.Controllers;

public sealed class DependenciesTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    static ObservedContainer Created(string name) => new(name, "rt-" + name, ContainerState.Created, null, false, null, null, null, null, null);

    static ObservedContainer Running(string name, string? health = null) => new(name, "rt-" + name, ContainerState.Running, null, false, health, T0, null, null, null);

    static ObservedContainer Exited(string name, int code, string? health = null) => new(name, "rt-" + name, ContainerState.Exited, code, false, health, T0, T0.AddSeconds(5), null, null);

    /// <summary>Exited without ever starting (the engine could not start it).</summary>
    static ObservedContainer NeverStarted(string name) => new(name, "rt-" + name, ContainerState.Exited, 128, false, null, null, T0, "exec format error", null);

    static ContainerDefinition Dependent(params ContainerDependency[] deps)
    {
        var c = Container("app");
        c.DependsOn = [.. deps];
        return c;
    }

    static (Verdict Verdict, string? Why) Eval(ContainerDefinition c, params ObservedContainer[] observed) =>
        Dependencies.Evaluate(c, observed.ToDictionary(o => o.Name));

    [Fact]
    public void Evaluate_NoDependencies_IsReady()
    {
        Assert.Equal((Verdict.Ready, (string?)null), Eval(Container("app")));
        Assert.Equal(Verdict.Ready, Eval(Dependent()).Verdict);
    }

    public static TheoryData<string, ObservedContainer?, Verdict> Cases() => new()
    {
        { "START", null, Verdict.Wait },
        { "START", Created("dep"), Verdict.Wait },
        { "START", NeverStarted("dep"), Verdict.Wait },
        { "START", Running("dep"), Verdict.Ready },
        { "START", Exited("dep", 0), Verdict.Ready },
        { "START", Exited("dep", 1), Verdict.Ready },
        { "COMPLETE", null, Verdict.Wait },
        { "COMPLETE", Created("dep"), Verdict.Wait },
        { "COMPLETE", Running("dep"), Verdict.Wait },
        { "COMPLETE", Exited("dep", 0), Verdict.Ready },
        { "COMPLETE", Exited("dep", 3), Verdict.Ready },
        { "SUCCESS", null, Verdict.Wait },
        { "SUCCESS", Created("dep"), Verdict.Wait },
        { "SUCCESS", Running("dep"), Verdict.Wait },
        { "SUCCESS", Exited("dep", 0), Verdict.Ready },
        { "SUCCESS", Exited("dep", 2), Verdict.Impossible },
        { "HEALTHY", null, Verdict.Wait },
        { "HEALTHY", Created("dep"), Verdict.Wait },
        { "HEALTHY", Running("dep"), Verdict.Wait },
        { "HEALTHY", Running("dep", "STARTING"), Verdict.Wait },
        { "HEALTHY", Running("dep", "UNHEALTHY"), Verdict.Wait },
        { "HEALTHY", Running("dep", "HEALTHY"), Verdict.Ready },
        { "HEALTHY", Exited("dep", 0), Verdict.Impossible },
        { "HEALTHY", Exited("dep", 0, "HEALTHY"), Verdict.Impossible },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_OneCondition_GivesVerdict(string condition, ObservedContainer? dep, Verdict expected)
    {
        var observed = dep is null ? Array.Empty<ObservedContainer>() : [dep];
        var (verdict, why) = Eval(Dependent(Dep("dep", condition)), observed);
        Assert.Equal(expected, verdict);
        if (expected == Verdict.Impossible)
        {
            Assert.Contains($"condition {condition} not met", why, StringComparison.Ordinal);
            Assert.Contains("container 'dep'", why, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(why);
        }
    }

    [Fact]
    public void Evaluate_SuccessDependencyFailed_NamesExitCode()
    {
        var (_, why) = Eval(Dependent(Dep("migrate", "SUCCESS")), Exited("migrate", 42));
        Assert.Equal("Container dependency condition SUCCESS not met: container 'migrate' exited with code 42.", why);
    }

    [Fact]
    public void Evaluate_AllConditionsMet_IsReady()
    {
        var c = Dependent(Dep("init", "SUCCESS"), Dep("db", "HEALTHY"), Dep("proxy", "START"));
        Assert.Equal(Verdict.Ready, Eval(c, Exited("init", 0), Running("db", "HEALTHY"), Running("proxy")).Verdict);
    }

    [Fact]
    public void Evaluate_OneConditionPending_Waits()
    {
        var c = Dependent(Dep("init", "SUCCESS"), Dep("db", "HEALTHY"), Dep("proxy", "START"));
        Assert.Equal(Verdict.Wait, Eval(c, Exited("init", 0), Running("db", "STARTING"), Running("proxy")).Verdict);
        Assert.Equal(Verdict.Wait, Eval(c, Exited("init", 0), Running("db", "HEALTHY"), Created("proxy")).Verdict);
        Assert.Equal(Verdict.Wait, Eval(c, Running("init"), Running("db", "HEALTHY"), Running("proxy")).Verdict);
    }

    [Fact]
    public void Evaluate_LaterConditionImpossible_IsImpossible()
    {
        var c = Dependent(Dep("proxy", "START"), Dep("init", "SUCCESS"));
        var (verdict, why) = Eval(c, Running("proxy"), Exited("init", 1));
        Assert.Equal(Verdict.Impossible, verdict);
        Assert.Contains("'init' exited with code 1", why, StringComparison.Ordinal);
    }

    static ContainerDefinition Def(string name, params string[] dependsOnStart)
    {
        var c = Container(name);
        c.DependsOn = dependsOnStart.Length == 0 ? null : dependsOnStart.Select(d => Dep(d, "START")).ToList();
        return c;
    }

    static List<string> NextToStop(IReadOnlyList<ContainerDefinition> defs, params string[] running) =>
        Dependencies.NextToStop(defs, running).Select(c => c.Name!).ToList();

    [Fact]
    public void NextToStop_StopsDependentsBeforeWhatTheyDependOn()
    {
        var defs = new[] { Def("db"), Def("app", "db"), Def("sidecar") };
        Assert.Equal(["app", "sidecar"], NextToStop(defs, "db", "app", "sidecar"));
        Assert.Equal(["db", "sidecar"], NextToStop(defs, "db", "sidecar"));
        Assert.Equal(["db"], NextToStop(defs, "db"));
    }

    [Fact]
    public void NextToStop_Chain_StopsOneLevelAtATime()
    {
        var defs = new[] { Def("a", "b"), Def("b", "c"), Def("c") };
        Assert.Equal(["a"], NextToStop(defs, "a", "b", "c"));
        Assert.Equal(["b"], NextToStop(defs, "b", "c"));
        Assert.Equal(["c"], NextToStop(defs, "c"));
    }

    [Fact]
    public void NextToStop_IndependentContainers_StopTogetherInDefinitionOrder()
    {
        var defs = new[] { Def("x"), Def("y"), Def("z") };
        Assert.Equal(["x", "y", "z"], NextToStop(defs, "z", "y", "x"));
    }

    [Fact]
    public void NextToStop_StoppedDependent_DoesNotHoldBackItsDependency()
    {
        var defs = new[] { Def("db"), Def("app", "db"), Def("worker", "db") };
        Assert.Equal(["app", "worker"], NextToStop(defs, "db", "app", "worker"));
        Assert.Equal(["worker"], NextToStop(defs, "db", "worker"));
        Assert.Equal(["db"], NextToStop(defs, "db"));
    }

    [Fact]
    public void NextToStop_NothingRunning_IsEmpty()
    {
        Assert.Empty(NextToStop([Def("db"), Def("app", "db")]));
    }

    [Fact]
    public void NextToStop_DiamondStopsTopThenMiddleThenBase()
    {
        var defs = new[] { Def("base"), Def("left", "base"), Def("right", "base"), Def("top", "left", "right") };
        Assert.Equal(["top"], NextToStop(defs, "base", "left", "right", "top"));
        Assert.Equal(["left", "right"], NextToStop(defs, "base", "left", "right"));
        Assert.Equal(["base"], NextToStop(defs, "base"));
    }
}
