using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Berth.Kernel.Auth;

/// <summary>Parses the presigned form: <c>X-Amz-Algorithm</c>, <c>X-Amz-Credential</c>, ... in the query string.</summary>
internal static class PresignedQueryParser
{
    private static readonly string[] Required =
    [
        SigV4Constants.AlgorithmParam,
        SigV4Constants.CredentialParam,
        SigV4Constants.SignatureParam,
        SigV4Constants.SignedHeadersParam,
        SigV4Constants.DateParam,
        SigV4Constants.ExpiresParam,
    ];

    /// <summary>Decoded query parameters, first occurrence of each name.</summary>
    public static Dictionary<string, string> Parameters(string rawQuery)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in SigV4Canonicalizer.SplitQuery(rawQuery))
        {
            result.TryAdd(SigV4Encoding.QueryDecodeToString(name), SigV4Encoding.QueryDecodeToString(value));
        }

        return result;
    }

    public static bool TryParse(
        Dictionary<string, string> query,
        [NotNullWhen(true)] out SigV4Claims? claims,
        [NotNullWhen(false)] out SigV4Result? error)
    {
        claims = null;
        var missing = Required
            .Where(name => string.IsNullOrEmpty(query.GetValueOrDefault(name)))
            .Select(name => $"AWS query-string parameters must include '{name}'.")
            .ToList();
        if (missing.Count > 0)
        {
            error = SigV4Errors.Incomplete($"{string.Join(' ', missing)} Re-examine the query-string parameters.");
            return false;
        }

        if (query[SigV4Constants.AlgorithmParam] != SigV4Constants.Algorithm)
        {
            error = SigV4Errors.Incomplete($"X-Amz-Algorithm only supports '{SigV4Constants.Algorithm}'");
            return false;
        }

        var rawDate = query[SigV4Constants.DateParam];
        if (!SigV4Time.TryParseIsoBasic(rawDate, out var requestTime))
        {
            error = SigV4Errors.BadDate(rawDate);
            return false;
        }

        var rawExpires = query[SigV4Constants.ExpiresParam];
        if (!long.TryParse(rawExpires, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expires))
        {
            error = SigV4Errors.Incomplete("X-Amz-Expires should be a number");
            return false;
        }

        if (expires < 0)
        {
            error = SigV4Errors.Incomplete("X-Amz-Expires must be non-negative");
            return false;
        }

        if (expires > SigV4Constants.MaxExpiresSeconds)
        {
            error = SigV4Errors.Incomplete(
                $"X-Amz-Expires must be less than a week (in seconds) that is {SigV4Constants.MaxExpiresSeconds}");
            return false;
        }

        claims = new SigV4Claims(
            query[SigV4Constants.CredentialParam],
            query[SigV4Constants.SignedHeadersParam],
            query[SigV4Constants.SignatureParam],
            rawDate,
            requestTime,
            TimeSpan.FromSeconds(expires));
        error = null;
        return true;
    }
}
