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

    /// <summary>
    /// Asserts the call is refused with the code, a message that contains the fragment (when given), and the HTTP
    /// status (when given).
    /// </summary>
    public static async Task<AwsException> RefusedAsync(Func<Task> act, string code, string? fragment = null, int? status = null)
    {
        var e = await Assert.ThrowsAsync<AwsException>(act);
        Assert.Equal(code, e.Code);
        if (status is not null)
            Assert.Equal(status, e.StatusCode);
        if (fragment is not null)
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        return e;
    }
}
