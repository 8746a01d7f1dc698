using Berth.Kernel;
using Xunit;

namespace Berth.TestSupport;

public static class AwsAssert
{
    /// <summary>Asserts the call is refused with the code and a message that contains every fragment.</summary>
    public static AwsException Refused(Action act, string code, params string[] fragments)
    {
        var e = Assert.Throws<AwsException>(act);
        Assert.Equal(code, e.Code);
        Assert.Equal(400, e.StatusCode);
        foreach (var f in fragments)
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
        return e;
    }
}
