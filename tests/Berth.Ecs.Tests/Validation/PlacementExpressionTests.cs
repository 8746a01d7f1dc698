using Berth.Ecs.Validation;

namespace Berth.Ecs.Tests.Validation;

public sealed class PlacementExpressionTests
{
    [Theory]
    [InlineData("attribute:ecs.instance-type == t2.small")]
    [InlineData("attribute:ecs.instance-type =~ t2.*")]
    [InlineData("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")]
    [InlineData("task:group == service:production")]
    [InlineData("not(task:group == database)")]
    [InlineData("ec2InstanceId in ['i-abcd1234', 'i-wxyz7890']")]
    [InlineData("runningTasksCount == 1")]
    [InlineData("attribute:ecs.os-type exists")]
    [InlineData("attribute:color !exists")]
    [InlineData("attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d")]
    [InlineData("(attribute:a == 1 || attribute:b == 2) && !(task:group == x)")]
    [InlineData("agentVersion >= 1.5.0")]
    public void WellFormed_HasNoProblem(string expression) => Assert.Null(PlacementExpression.Check(expression));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("color == red", "'color' is not a subject")]
    [InlineData("attribute: == red", "not a subject")]
    [InlineData("task:group", "has no operator")]
    [InlineData("task:group ~~ x", "'~~' is not an operator")]
    [InlineData("task:group == ", "has no value")]
    [InlineData("attribute:az in us-east-1a", "needs a list")]
    [InlineData("attribute:az in [a, b", "not closed")]
    [InlineData("(task:group == a", "'(' is not closed")]
    [InlineData("task:group == a task:group == b", "unexpected 'task:group'")]
    [InlineData("task:group == 'a", "not closed")]
    public void Malformed_SaysWhatIsWrong(string expression, string problem) =>
        Assert.Contains(problem, PlacementExpression.Check(expression), StringComparison.Ordinal);

    [Fact]
    public void LongerThan2000Characters_IsRefused() =>
        Assert.Contains("longer than 2000", PlacementExpression.Check("task:group == " + new string('a', 2000)), StringComparison.Ordinal);
}
