using Berth.Kernel;

namespace Berth.AutoScaling.Tests;

public sealed class ScheduleExpressionTests
{
    static readonly DateTimeOffset Jan1 = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero); // a Friday

    static DateTimeOffset? Next(string schedule, DateTimeOffset after, string? tz = null) =>
        ScheduleExpression.Parse(schedule, tz).Next(after, after);

    [Fact]
    public void At_FiresOnceAtItsTime_InItsTimezone()
    {
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 8, 30, 0, TimeSpan.Zero), Next("at(2027-03-01T08:30:00)", Jan1));
        Assert.Null(Next("at(2026-03-01T08:30:00)", Jan1));
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 7, 30, 0, TimeSpan.Zero), Next("at(2027-03-01T08:30:00)", Jan1, "Europe/Paris"));
    }

    [Fact]
    public void Rate_CountsFromItsAnchor()
    {
        var r = ScheduleExpression.Parse("rate(5 minutes)", null);
        Assert.Equal(Jan1.AddMinutes(5), r.Next(Jan1, Jan1));
        Assert.Equal(Jan1.AddMinutes(10), r.Next(Jan1.AddMinutes(5), Jan1));
        Assert.Equal(Jan1.AddMinutes(10), r.Next(Jan1.AddMinutes(7), Jan1));
        Assert.Equal(Jan1.AddHours(1), ScheduleExpression.Parse("rate(1 hour)", null).Next(Jan1, Jan1));
        Assert.Equal(Jan1.AddDays(2), ScheduleExpression.Parse("rate(2 days)", null).Next(Jan1, Jan1));
    }

    [Theory]
    [InlineData("cron(0 10 * * ? *)", "2027-01-01T10:00:00Z")]
    [InlineData("cron(15 9 ? * MON-FRI *)", "2027-01-01T09:15:00Z")]
    [InlineData("cron(15 9 ? * 2 *)", "2027-01-04T09:15:00Z")] // 2 = MON
    [InlineData("cron(0/20 * * * ? *)", "2027-01-01T00:20:00Z")]
    [InlineData("cron(0 0 L * ? *)", "2027-01-31T00:00:00Z")]
    [InlineData("cron(0 0 L 2 ? *)", "2027-02-28T00:00:00Z")]
    [InlineData("cron(0 0 15W * ? *)", "2027-01-15T00:00:00Z")] // a Friday
    [InlineData("cron(0 0 16W * ? *)", "2027-01-15T00:00:00Z")] // Saturday → Friday
    [InlineData("cron(0 0 LW * ? *)", "2027-01-29T00:00:00Z")] // the 31st is a Sunday
    [InlineData("cron(0 12 ? * 6#3 *)", "2027-01-15T12:00:00Z")] // third Friday
    [InlineData("cron(0 12 ? * 2L *)", "2027-01-25T12:00:00Z")] // last Monday
    [InlineData("cron(0 8 1 JAN,JUL ? 2028)", "2028-01-01T08:00:00Z")]
    [InlineData("cron(30 2 1-3 * ? *)", "2027-01-01T02:30:00Z")]
    public void Cron_NextOccurrence(string schedule, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Next(schedule, Jan1));

    [Fact]
    public void Cron_IsStrictlyAfter_AndFollowsTheTimezone()
    {
        Assert.Equal(Jan1.AddDays(1).AddHours(10), Next("cron(0 10 * * ? *)", Jan1.AddHours(10)));
        // 10:00 in New York in January is 15:00 UTC.
        Assert.Equal(Jan1.AddHours(15), Next("cron(0 10 * * ? *)", Jan1, "America/New_York"));
    }

    [Theory]
    [InlineData("cron(0 10 * * * *)")] // both day fields given
    [InlineData("cron(0 10 ? * ? *)")] // neither
    [InlineData("cron(0 10 * *)")] // five fields missing
    [InlineData("cron(60 10 * * ? *)")]
    [InlineData("cron(0 24 * * ? *)")]
    [InlineData("cron(0 10 32 * ? *)")]
    [InlineData("cron(0 10 ? * 8 *)")]
    [InlineData("cron(0 10 ? * FOO *)")]
    [InlineData("cron(0 10 5-1 * ? *)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(5 minute)")]
    [InlineData("rate(5 weeks)")]
    [InlineData("at(2027-13-01T00:00:00)")]
    [InlineData("at(tomorrow)")]
    [InlineData("every day")]
    [InlineData("")]
    public void Parse_RefusesInvalidSchedules(string schedule)
    {
        var e = Assert.Throws<AwsException>(() => ScheduleExpression.Parse(schedule, null));
        Assert.Equal("ValidationException", e.Code);
    }

    [Fact]
    public void Parse_RefusesAnUnknownTimezone() =>
        Assert.Equal("ValidationException", Assert.Throws<AwsException>(() => ScheduleExpression.Parse("rate(1 day)", "Mars/Olympus")).Code);

    [Fact]
    public void Due_RunsMissedOccurrencesOnce_AndNotBeforeStartTime()
    {
        var record = new ScheduledActionRecord
        {
            Action = new ScheduledAction
            {
                ScheduledActionName = "a",
                ScheduledActionARN = "arn",
                ServiceNamespace = "ecs",
                ResourceId = "service/c/s",
                ScalableDimension = EcsResource.Dimension,
                Schedule = "rate(1 minute)",
                CreationTime = Jan1,
            },
        };
        Assert.Null(ScheduledRuns.Due(record, Jan1.AddSeconds(59)));
        Assert.Equal(Jan1.AddMinutes(5), ScheduledRuns.Due(record, Jan1.AddMinutes(5).AddSeconds(30)));
        record.LastFiredAt = Jan1.AddMinutes(5);
        Assert.Null(ScheduledRuns.Due(record, Jan1.AddMinutes(5).AddSeconds(59)));
        record.Action.StartTime = Jan1.AddHours(1);
        Assert.Null(ScheduledRuns.Due(record, Jan1.AddMinutes(30)));
    }
}
