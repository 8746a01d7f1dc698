using System.Diagnostics.CodeAnalysis;

namespace Berth.Kernel.Auth;

/// <summary>Parses <c>Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c>.</summary>
internal static class AuthorizationHeaderParser
{
    public static bool TryParse(
        SigV4Request request,
        string header,
        [NotNullWhen(true)] out SigV4Claims? claims,
        [NotNullWhen(false)] out SigV4Result? error)
    {
        claims = null;
        header = header.Trim();
        var space = header.IndexOfAny([' ', '\t']);
        var algorithm = space < 0 ? header : header[..space];
        var rest = space < 0 ? "" : header[(space + 1)..];

        string? credential = null, signedHeaders = null, signature = null;
        if (algorithm == SigV4Constants.Algorithm)
        {
            // Like AWS, split on commas and whitespace, so a stray space inside a value is reported as a bad pair.
            foreach (var part in rest.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                if (eq < 0)
                {
                    error = SigV4Errors.Incomplete(
                        $"'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.");
                    return false;
                }

                var value = part[(eq + 1)..];
                switch (part[..eq])
                {
                    case "Credential":
                        credential = value;
                        break;
                    case "SignedHeaders":
                        signedHeaders = value;
                        break;
                    case "Signature":
                        signature = value;
                        break;
                }
            }
        }
        else if (algorithm.StartsWith("AWS4-", StringComparison.Ordinal))
        {
            error = SigV4Errors.Incomplete(
                $"Unsupported AWS 'algorithm': '{algorithm}'. Only '{SigV4Constants.Algorithm}' is supported.");
            return false;
        }

        // Anything else (a bearer token, a SigV2 header, ...) carries none of the three parameters.
        var rawDate = SigV4Time.RawRequestDate(request.Headers, out var isAmzDate);
        var missing = new List<string>();
        if (string.IsNullOrEmpty(credential))
        {
            missing.Add("Authorization header requires 'Credential' parameter.");
        }

        if (string.IsNullOrEmpty(signature))
        {
            missing.Add("Authorization header requires 'Signature' parameter.");
        }

        if (string.IsNullOrEmpty(signedHeaders))
        {
            missing.Add("Authorization header requires 'SignedHeaders' parameter.");
        }

        if (rawDate is null)
        {
            missing.Add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (missing.Count > 0)
        {
            error = SigV4Errors.Incomplete($"{string.Join(' ', missing)} Authorization={header}");
            return false;
        }

        if (!SigV4Time.TryParseRequestDate(rawDate!, isAmzDate, out var requestTime))
        {
            error = SigV4Errors.BadDate(rawDate!);
            return false;
        }

        claims = new SigV4Claims(credential!, signedHeaders!, signature!, rawDate!.Trim(), requestTime, Expires: null);
        error = null;
        return true;
    }
}
