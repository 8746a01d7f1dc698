using System.Security.Cryptography;
using System.Text;

namespace Berth.Ecs.TaskRole;

/// <summary>
/// The id in a task's credentials URI (<c>/v2/credentials/{id}</c>): 128 random bits, drawn once per task when it is
/// run and kept with it (so containers keep their URI across berthd restarts). It is a bearer secret beside the
/// task's address: never logged, never in DescribeTasks.
/// </summary>
public static class CredentialsId
{
    /// <summary>Where the id goes; the SDKs prepend http://169.254.170.2.</summary>
    public const string PathPrefix = "/v2/credentials/";

    /// <summary>Hex characters in an id (128 bits).</summary>
    public const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    public static string RelativeUri(string id) => PathPrefix + id;

    /// <summary>The id a request path names, when it is <c>/v2/credentials/{id}</c> and the id has an id's form.</summary>
    public static bool TryParsePath(string? path, out string id)
    {
        id = "";
        if (path is null || !path.StartsWith(PathPrefix, StringComparison.Ordinal))
            return false;
        var rest = path[PathPrefix.Length..];
        if (rest.Length != Length || !rest.All(char.IsAsciiHexDigitLower))
            return false;
        id = rest;
        return true;
    }

    /// <summary>Constant-time comparison, so timing does not tell how much of a guess was right.</summary>
    public static bool Matches(string? expected, string presented) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented));
}
