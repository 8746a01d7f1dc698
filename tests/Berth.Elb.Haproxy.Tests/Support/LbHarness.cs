using Berth.Kernel.Storage;
using Berth.Store;
using Xunit.Abstractions;
using Lb = Berth.Elb.LoadBalancer;

namespace Berth.Elb.Haproxy.Tests.Support;

/// <summary>
/// A real SQLite store in a temp directory, a controller running its loop against real HAProxy, and helpers to write
/// ELB resources as the API would. Disposing stops HAProxy (and kills it if it lingers) and deletes the directory.
/// </summary>
public sealed class LbHarness : IAsyncDisposable
{
    readonly ITestOutputHelper _output;
    CancellationTokenSource _loop = new();
    Task _running = Task.CompletedTask;

    public LbHarness(ITestOutputHelper output, string binary = "haproxy")
    {
        _output = output;
        Directory = Path.Combine(Path.GetTempPath(), $"berth-lb-{Guid.NewGuid():N}"[..24]);
        System.IO.Directory.CreateDirectory(Directory);
        Store = new SqliteStateStore(new SqliteDatabase(Path.Combine(Directory, "berth.db")));
        Options = new LoadBalancerOptions
        {
            DataDirectory = Directory,
            HaproxyBinary = binary,
            Settings = new LoadBalancerSettings("127.0.0.1"),
            ResyncInterval = TimeSpan.FromMilliseconds(250),
        };
        Controller = NewController();
        Registry = new TargetRegistry(Store, Controller, TimeProvider.System);
    }

    public string Directory { get; }
    public IStateStore Store { get; }
    public LoadBalancerOptions Options { get; }
    public LoadBalancerController Controller { get; private set; }
    public TargetRegistry Registry { get; private set; }
    public string PidFile => Path.Combine(Options.HaproxyDirectory, "haproxy.pid");

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(20),
    };

    LoadBalancerController NewController() => new(Store, Options, TimeProvider.System, new TestLogger<LoadBalancerController>(_output));

    public void Start() => _running = Controller.RunAsync(_loop.Token);

    /// <summary>As if berthd were killed: the loop ends, HAProxy is left running; a new controller takes over.</summary>
    public async Task ReplaceControllerAsync()
    {
        await _loop.CancelAsync();
        await _running;
        _loop = new CancellationTokenSource();
        Controller = NewController();
        Registry = new TargetRegistry(Store, Controller, TimeProvider.System);
        Start();
    }

    public int MasterPid() => int.Parse(File.ReadAllText(PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<Lb> AddLoadBalancerAsync(string name)
    {
        var lb = new Lb { LoadBalancerArn = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/{name}/{Guid.NewGuid():N}", LoadBalancerName = name };
        await Store.CommitAsync(StoreWrite.Insert(ElbKinds.LoadBalancers, lb), default);
        return lb;
    }

    public async Task<TargetGroup> AddTargetGroupAsync(string name, Action<TargetGroup>? configure = null)
    {
        var tg = new TargetGroup
        {
            TargetGroupArn = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/{name}/{Guid.NewGuid():N}",
            TargetGroupName = name,
            Port = 80,
            HealthCheckPath = "/health",
            HealthCheckIntervalSeconds = 1,
            HealthCheckTimeoutSeconds = 1,
            HealthyThresholdCount = 2,
            UnhealthyThresholdCount = 2,
        };
        configure?.Invoke(tg);
        await Store.CommitAsync(StoreWrite.Insert(ElbKinds.TargetGroups, tg), default);
        return tg;
    }

    public async Task<Listener> AddListenerAsync(Lb lb, int port, params ElbAction[] defaults)
    {
        var l = new Listener { ListenerArn = $"{lb.LoadBalancerArn.Replace(":loadbalancer/", ":listener/")}/{Guid.NewGuid():N}", LoadBalancerArn = lb.LoadBalancerArn, Port = port, DefaultActions = [.. defaults] };
        await Store.CommitAsync(StoreWrite.Insert(ElbKinds.Listeners, l), default);
        Controller.Notify();
        return l;
    }

    public async Task AddRuleAsync(Listener l, int priority, IEnumerable<RuleCondition> conditions, params ElbAction[] actions)
    {
        var r = new ListenerRule { RuleArn = $"{l.ListenerArn.Replace(":listener/", ":listener-rule/")}/{priority}", ListenerArn = l.ListenerArn, Priority = priority, Conditions = [.. conditions], Actions = [.. actions] };
        await Store.CommitAsync(StoreWrite.Insert(ElbKinds.ListenerRules, r), default);
        Controller.Notify();
    }

    public Task RegisterAsync(TargetGroup tg, params TestBackend[] backends) =>
        Registry.RegisterAsync(tg.TargetGroupArn, backends.Select(b => new TargetRef("127.0.0.1", b.Port)).ToList(), default);

    public Task DeregisterAsync(TargetGroup tg, params TestBackend[] backends) =>
        Registry.DeregisterAsync(tg.TargetGroupArn, backends.Select(b => new TargetRef("127.0.0.1", b.Port)).ToList(), default);

    public static ElbAction Forward(TargetGroup tg) => new() { Type = "forward", TargetGroupArn = tg.TargetGroupArn };

    public async Task<List<TargetHealthDescription>> HealthAsync(TargetGroup tg) => await Registry.DescribeHealthAsync(tg.TargetGroupArn, null, default);

    /// <summary>Waits until every target of the group reports <paramref name="state"/>.</summary>
    public async Task WaitHealthAsync(TargetGroup tg, string state, int count, TimeSpan? within = null)
    {
        await Eventually.Async(async () =>
        {
            var h = await HealthAsync(tg);
            return h.Count(d => d.Health.State == state) == count;
        }, within ?? TimeSpan.FromSeconds(20), $"{count} targets {state} in {tg.TargetGroupName}");
    }

    public async Task<Lb> LoadBalancerAsync(Lb lb) => (await Store.GetAsync(ElbKinds.LoadBalancers, lb.LoadBalancerArn, default))!.Value;

    public async Task<TargetGroup> TargetGroupAsync(TargetGroup tg) => (await Store.GetAsync(ElbKinds.TargetGroups, tg.TargetGroupArn, default))!.Value;

    public async Task<string> GetAsync(int port, string pathAndQuery, Action<HttpRequestMessage>? configure = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{pathAndQuery}");
        configure?.Invoke(req);
        using var res = await Http.SendAsync(req);
        return $"{(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}";
    }

    public async ValueTask DisposeAsync()
    {
        await _loop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        await Controller.StopProxyAsync(default);
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
        }
        Http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Eventually
{
    public static async Task Async(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }
}
