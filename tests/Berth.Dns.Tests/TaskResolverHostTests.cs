using System.Net;
using System.Net.Sockets;
using Berth.Kernel.Networking;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Dns.Tests;

/// <summary>The hosted resolver as berthd runs it: where it listens, and what it does when its port is taken.</summary>
public sealed class TaskResolverHostTests
{
    static readonly IPAddress TaskFacing = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task ExecuteAsync_PortTaken_ListensOnAFreeOneAndStillAnswersTasksAndTheHost()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var taken = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        var endpoint = new TaskResolverEndpoint();
        var records = new InMemoryServiceRecords().Zone("internal.test").Add(new DnsRecord(DnsRecordType.A, "api.internal.test", 15, Address: "10.89.0.7"));
        var options = new TaskResolverOptions { Port = taken, TaskFacingAddress = _ => Task.FromResult<IPAddress?>(TaskFacing), Upstreams = [] };
        using var host = new TaskResolverHost(options, endpoint, TimeProvider.System, NullLogger<TaskResolverHost>.Instance, records);
        await host.StartAsync(CancellationToken.None);
        try
        {
            var bound = await endpoint.WaitAsync(CancellationToken.None);

            Assert.NotNull(bound);
            Assert.Equal(TaskFacing, bound.Address);
            Assert.NotEqual(taken, bound.Port);
            var port = bound.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var address in new[] { TaskFacing, IPAddress.Loopback })
            {
                var output = await Dig.RunAsync($"@{address}", "-p", port, "+tries=1", "+time=5", "api.internal.test");
                Assert.Equal("10.89.0.7", Assert.Single(Dig.Section(output, "ANSWER"))[4]);
            }
            // No upstreams: a name outside the namespaces gets SERVFAIL at once rather than no answer.
            Assert.Equal("SERVFAIL", Dig.Status(await Dig.RunAsync("@127.0.0.1", "-p", port, "+tries=1", "+time=5", "outside.example")));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamSilent_ServfailWithinTheDeadlineNotAHang()
    {
        // An upstream that takes the question and never answers (and refuses TCP).
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var silentPort = ((IPEndPoint)silent.LocalEndPoint!).Port;
        using var dns = ResolverHarness.Start(new InMemoryServiceRecords(), upstream: false, upstreams: [IPAddress.Loopback], upstreamPort: silentPort, deadline: TimeSpan.FromSeconds(1));

        // dig waits 8 s; the answer (SERVFAIL) comes first.
        var output = await Dig.RunAsync($"@{dns.Endpoint.Address}", "-p", dns.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+tries=1", "+time=8", "outside.example");

        Assert.Equal("SERVFAIL", Dig.Status(output));
    }
}
