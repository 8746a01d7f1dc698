using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Dns.Tests;

public sealed class ClientBudgetTests
{
    static readonly IPAddress Task1 = IPAddress.Parse("10.89.0.7");
    static readonly IPAddress Task2 = IPAddress.Parse("10.89.0.8");

    [Fact]
    public void TryQuery_BeyondTheBurst_RefusedUntilTimeRefillsTheBucket()
    {
        var time = new FakeTimeProvider();
        var budget = new ClientBudget(new ClientLimits(QueriesPerSecond: 10, Burst: 3), time);

        Assert.True(budget.TryQuery(Task1));
        Assert.True(budget.TryQuery(Task1));
        Assert.True(budget.TryQuery(Task1));
        Assert.False(budget.TryQuery(Task1));
        Assert.True(budget.TryQuery(Task2)); // another client has its own bucket

        time.Advance(TimeSpan.FromMilliseconds(100)); // one token at 10/s
        Assert.True(budget.TryQuery(Task1));
        Assert.False(budget.TryQuery(Task1));
    }

    [Fact]
    public void TryQuery_Loopback_NotLimitedUnlessConfigured()
    {
        var time = new FakeTimeProvider();
        var exempt = new ClientBudget(new ClientLimits(QueriesPerSecond: 1, Burst: 1), time);
        var strict = new ClientBudget(new ClientLimits(QueriesPerSecond: 1, Burst: 1, ExemptLoopback: false), time);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.True(exempt.TryQuery(IPAddress.Loopback)));
        Assert.True(strict.TryQuery(IPAddress.Loopback));
        Assert.False(strict.TryQuery(IPAddress.Loopback));
    }

    [Fact]
    public void TryBeginForward_PerClientAndTotal_FreedByEndForward()
    {
        var budget = new ClientBudget(new ClientLimits(ForwardsInFlight: 2, TotalForwardsInFlight: 3), new FakeTimeProvider());

        Assert.True(budget.TryBeginForward(Task1));
        Assert.True(budget.TryBeginForward(Task1));
        Assert.False(budget.TryBeginForward(Task1));
        Assert.True(budget.TryBeginForward(Task2));
        Assert.False(budget.TryBeginForward(Task2)); // the total is reached

        budget.EndForward(Task1);
        Assert.True(budget.TryBeginForward(Task2));
    }

    [Fact]
    public void TryOpenConnection_PerClient_FreedByClose()
    {
        var budget = new ClientBudget(new ClientLimits(TcpConnections: 1), new FakeTimeProvider());

        Assert.True(budget.TryOpenConnection(Task1));
        Assert.False(budget.TryOpenConnection(Task1));
        budget.CloseConnection(Task1);
        Assert.True(budget.TryOpenConnection(Task1));
    }

    [Fact]
    public void ManyClients_IdleOnesForgotten_TheTableStaysBounded()
    {
        var time = new FakeTimeProvider();
        var budget = new ClientBudget(new ClientLimits(QueriesPerSecond: 100, Burst: 100, TrackedClients: 16), time);

        for (var i = 0; i < 100; i++)
        {
            budget.TryQuery(IPAddress.Parse($"10.89.2.{i}"));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(budget.Tracked, 1, 16);
    }
}
