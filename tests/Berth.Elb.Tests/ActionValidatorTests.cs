using static Berth.Elb.Tests.ElbHarness;

namespace Berth.Elb.Tests;

public sealed class ActionValidatorTests : IDisposable
{
    readonly ElbHarness _h = new();
    readonly ActionValidator _v;

    public ActionValidatorTests() => _v = new ActionValidator(_h.Store);

    public void Dispose() => _h.Dispose();

    Task<List<ElbAction>> Validate(params ElbAction[] actions) => _v.ValidateAsync(actions, "actions", "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1", Ct);

    static ElbAction Weighted(params (string Arn, int? Weight)[] groups) => new()
    {
        Type = "forward",
        ForwardConfig = new ForwardActionConfig { TargetGroups = groups.Select(g => new TargetGroupTuple { TargetGroupArn = g.Arn, Weight = g.Weight }).ToList() },
    };

    static ElbAction Redirect(RedirectActionConfig c) => new() { Type = "redirect", RedirectConfig = c };

    [Fact]
    public async Task Forward_Weighted_KeepsWeights_NoSingleTargetGroupArn()
    {
        var a = await _h.TargetGroupAsync("a");
        var b = await _h.TargetGroupAsync("b");

        var action = Assert.Single(await Validate(Weighted((a, 3), (b, 0))));

        Assert.Null(action.TargetGroupArn);
        Assert.Equal([3, 0], action.ForwardConfig!.TargetGroups.Select(t => t.Weight));
    }

    [Fact]
    public async Task Forward_Errors()
    {
        var tgs = new List<string>();
        for (var i = 0; i < 6; i++)
            tgs.Add(await _h.TargetGroupAsync($"tg{i}"));

        await Refused(() => Validate(Weighted(tgs.Select(t => (t, (int?)1)).ToArray())), "TooManyTargetGroups");
        await Refused(() => Validate(Weighted((tgs[0], 1000))), "ValidationError", "999");
        await Refused(() => Validate(Weighted((tgs[0], -1))), "ValidationError");
        await Refused(() => Validate(Weighted((tgs[0], 1), (tgs[0], 2))), "ValidationError", "more than once");
        await Refused(() => Validate(Weighted()), "ValidationError");
        await Refused(() => Validate(Forward(tgs[0] + "0")), "TargetGroupNotFound");
        await Refused(() => Validate(Forward("not-an-arn")), "ValidationError");
        await Refused(() => Validate(new ElbAction { Type = "forward", TargetGroupArn = tgs[0], ForwardConfig = new() { TargetGroups = [new() { TargetGroupArn = tgs[1] }] } }), "InvalidLoadBalancerAction");
        await Refused(() => Validate(new ElbAction { Type = "forward", TargetGroupArn = tgs[0], FixedResponseConfig = new() { StatusCode = "200" } }), "InvalidLoadBalancerAction");
        await Refused(() => Validate(new ElbAction { Type = "forward", ForwardConfig = new() { TargetGroups = [new() { TargetGroupArn = tgs[0] }], TargetGroupStickinessConfig = new() { Enabled = true, DurationSeconds = 0 } } }), "ValidationError");
    }

    [Fact]
    public async Task TypesOrderAndCount()
    {
        await Refused(() => Validate(new ElbAction { Type = "authenticate-oidc" }), "InvalidLoadBalancerAction", "not supported");
        await Refused(() => Validate(new ElbAction { Type = "teleport" }), "ValidationError");
        await Refused(() => Validate(new ElbAction { Type = "" }), "ValidationError");
        await Refused(() => Validate(Fixed(), Fixed()), "TooManyActions");
        await Refused(() => Validate(Fixed() with { Order = 0 }), "ValidationError");
        Assert.Equal(7, (await Validate(Fixed() with { Order = 7 }))[0].Order);
    }

    [Theory]
    [InlineData("200", null, null, null)]
    [InlineData("503", "application/json", "{}", null)]
    [InlineData("302", null, null, "ValidationError")]
    [InlineData("20", null, null, "ValidationError")]
    [InlineData("404", "text/xml", null, "ValidationError")]
    [InlineData(null, null, null, "ValidationError")]
    public async Task FixedResponse(string? status, string? contentType, string? body, string? error)
    {
        var action = new ElbAction { Type = "fixed-response", FixedResponseConfig = new() { StatusCode = status, ContentType = contentType, MessageBody = body } };
        if (error is null)
            Assert.Equal(status, (await Validate(action))[0].FixedResponseConfig!.StatusCode);
        else
            await Refused(() => Validate(action), error);
    }

    [Fact]
    public async Task FixedResponse_BodyOver1024_Refused() =>
        await Refused(() => Validate(new ElbAction { Type = "fixed-response", FixedResponseConfig = new() { StatusCode = "200", MessageBody = new string('x', 1025) } }), "ValidationError", "1024");

    [Fact]
    public async Task Redirect_FillsPlaceholders()
    {
        var c = (await Validate(Redirect(new() { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" })))[0].RedirectConfig!;

        Assert.Equal(("#{host}", "/#{path}", "#{query}"), (c.Host, c.Path, c.Query));
    }

    [Theory]
    [InlineData(null, null, null, null, null, "HTTP_301", "InvalidLoadBalancerAction")] // to itself
    [InlineData("#{protocol}", "#{port}", "#{host}", "/#{path}", "#{query}", "HTTP_302", "InvalidLoadBalancerAction")]
    [InlineData(null, null, "example.com", null, null, "HTTP_307", "ValidationError")]
    [InlineData("FTP", null, null, null, null, "HTTP_301", "ValidationError")]
    [InlineData(null, "0", null, null, null, "HTTP_301", "ValidationError")]
    [InlineData(null, null, null, "no-slash", null, "HTTP_301", "ValidationError")]
    [InlineData(null, null, null, null, "?a=1", "HTTP_301", "ValidationError")]
    [InlineData(null, null, "#{hostname}", null, null, "HTTP_301", "ValidationError")]
    [InlineData(null, null, null, "/x", null, null, "ValidationError")]
    public async Task Redirect_Refused(string? protocol, string? port, string? host, string? path, string? query, string? status, string code) =>
        await Refused(() => Validate(Redirect(new() { Protocol = protocol, Port = port, Host = host, Path = path, Query = query, StatusCode = status })), code);
}
