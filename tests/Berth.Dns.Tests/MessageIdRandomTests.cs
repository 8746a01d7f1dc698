using ARSoft.Tools.Net.Dns;

namespace Berth.Dns.Tests;

public sealed class MessageIdRandomTests
{
    [Fact]
    public void Install_ArsoftsMessageIds_DrawnFromTheBufferedGenerator()
    {
        MessageIdRandom.Install();
        var before = MessageIdRandom.Blocks;

        // Four bytes an id: 2048 messages use up at least one block on this thread.
        var ids = Enumerable.Range(0, 2048).Select(_ => new DnsMessage().TransactionID).ToList();

        Assert.True(MessageIdRandom.Blocks > before); // false if ARSoft still calls its own generator
        Assert.True(ids.Distinct().Count() > 1500); // random ids, not a constant or a short cycle
    }
}
