namespace Berth.Kernel.Auth;

/// <summary>Failure results worded as AWS words them.</summary>
internal static class SigV4Errors
{
    public static SigV4Result MissingToken() =>
        SigV4Result.Failure(SigV4ErrorCodes.MissingAuthenticationToken, "Missing Authentication Token");

    public static SigV4Result Incomplete(string message) =>
        SigV4Result.Failure(SigV4ErrorCodes.IncompleteSignature, message);

    public static SigV4Result Invalid(string message) =>
        SigV4Result.Failure(SigV4ErrorCodes.InvalidSignature, message);

    public static SigV4Result UnrecognizedClient() =>
        SigV4Result.Failure(SigV4ErrorCodes.UnrecognizedClient, "The security token included in the request is invalid.");

    public static SigV4Result ExpiredToken() =>
        SigV4Result.Failure(SigV4ErrorCodes.ExpiredToken, "The security token included in the request is expired");

    public static SigV4Result SignatureMismatch() => Invalid(
        "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    public static SigV4Result BadDate(string raw) =>
        Incomplete($"Date must be in ISO-8601 'basic format'. Got '{raw}'. See http://en.wikipedia.org/wiki/ISO_8601");

    public static SigV4Result Expired(DateTimeOffset requestTime, DateTimeOffset now, TimeSpan window) => Invalid(
        $"Signature expired: {SigV4Time.Format(requestTime)} is now earlier than {SigV4Time.Format(now - window)} "
        + $"({SigV4Time.Format(now)} - {Describe(window)})");

    public static SigV4Result NotYetCurrent(DateTimeOffset requestTime, DateTimeOffset now, TimeSpan window) => Invalid(
        $"Signature not yet current: {SigV4Time.Format(requestTime)} is still later than {SigV4Time.Format(now + window)} "
        + $"({SigV4Time.Format(now)} + {Describe(window)})");

    private static string Describe(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{(long)window.TotalMinutes} min." : $"{(long)window.TotalSeconds} sec.";
}
