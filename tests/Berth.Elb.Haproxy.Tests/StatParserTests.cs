using Berth.Elb.Haproxy.Runtime;

namespace Berth.Elb.Haproxy.Tests;

public sealed class StatParserTests
{
    // Trimmed from a real `show stat` of HAProxy 2.6 (columns Berth does not read left out).
    const string Csv = """
        # pxname,svname,qcur,scur,stot,status,weight,type,check_status,check_code,hrsp_5xx,rtime,check_desc
        web,FRONTEND,,3,120,OPEN,,0,,,0,,
        tg_a,t_10_0_0_1_8080,0,2,57,UP,1,2,L7OK,200,1,12,Layer7 check passed
        tg_a,t_10_0_0_2_8080,0,0,0,DOWN,1,2,L7STS,500,0,0,Layer7 wrong status
        tg_a,t_10_0_0_3_8080,0,0,0,DOWN,1,2,L4TOUT,,0,0,Layer4 timeout
        tg_a,t_10_0_0_4_8080,0,0,0,DOWN 1/2,1,2,L7OK,200,0,0,Layer7 check passed
        tg_a,t_10_0_0_5_8080,0,0,0,DOWN,1,2,INI,,0,0,Initializing
        tg_a,t_10_0_0_6_8080,0,1,9,DRAIN,0,2,L7OK,200,0,3,Layer7 check passed
        tg_a,t_10_0_0_7_8080,0,0,0,DOWN,1,2,L4CON,,0,0,Connection refused
        tg_a,t_10_0_0_8_8080,0,0,0,DOWN,1,2,* INI,,0,0,Initializing
        tg_a,t_10_0_0_9_8080,0,0,0,DOWN 1/2,1,2,* L7OK,200,0,0,Layer7 check passed
        tg_a,BACKEND,0,3,66,UP,1,1,,,1,12,
        tg_empty,BACKEND,0,0,0,DOWN,0,1,,,0,0,

        """;

    [Fact]
    public void Parse_ServersAndBackends()
    {
        var snap = StatParser.Parse(Csv);

        Assert.Equal(9, snap.Servers.Count);
        Assert.Equal(["tg_a", "tg_empty"], snap.Backends.Order().ToArray());
        var up = snap.Servers[0];
        Assert.Equal(("tg_a", "t_10_0_0_1_8080", 2, 57L, 1L, 12L), (up.Backend, up.Server, up.CurrentSessions, up.TotalSessions, up.Responses5xx, up.AverageResponseMs));
        Assert.True(snap.Servers[5].IsDraining);
    }

    [Theory]
    [InlineData(0, true, true, null)]
    [InlineData(1, true, false, "Target.ResponseCodeMismatch")]
    [InlineData(2, true, false, "Target.Timeout")]
    [InlineData(3, false, false, null)]
    [InlineData(4, false, false, null)]
    [InlineData(6, true, false, "Target.FailedHealthChecks")]
    [InlineData(7, false, false, null)] // "* INI": the first check is running — still initial, not a failure
    [InlineData(8, false, false, null)] // "* L7OK": a check is running, the last one passed — rising, not failing
    public void Observation_MapsChecksOntoElbReasons(int row, bool isChecked, bool healthy, string? reason)
    {
        var o = TargetObservations.From(StatParser.Parse(Csv).Servers[row]);

        Assert.Equal((isChecked, healthy, reason), (o.Checked, o.Healthy, o.FailureReason));
    }

    [Fact]
    public void Parse_CheckRunning_ReportsTheLastStatusWithoutTheMark() =>
        Assert.Equal(["INI", "L7OK"], StatParser.Parse(Csv).Servers.Skip(7).Select(s => s.CheckStatus));

    [Fact]
    public void Observation_ResponseCodeMismatch_NamesTheCode() =>
        Assert.Equal("Health checks failed with these codes: [500]", TargetObservations.From(StatParser.Parse(Csv).Servers[1]).FailureDescription);
}
