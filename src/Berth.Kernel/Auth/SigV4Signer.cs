using System.Globalization;

namespace Berth.Kernel.Auth;

/// <summary>
/// Signs requests with AWS Signature Version 4, using the same canonicalization as <see cref="SigV4Verifier"/>.
/// The request must carry a <c>Host</c> header.
/// </summary>
public sealed class SigV4Signer
{
    /// <summary>Headers never signed by default (proxies and HTTP stacks may change them), as the AWS SDKs do.</summary>
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        SigV4Constants.AuthorizationHeader, "user-agent", "expect", "x-amzn-trace-id",
    };

    private readonly string _accessKeyId;
    private readonly string _secretAccessKey;
    private readonly string _region;
    private readonly string _service;
    private readonly TimeProvider _clock;

    public SigV4Signer(string accessKeyId, string secretAccessKey, string region, string service, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(service);
        (_accessKeyId, _secretAccessKey, _region, _service) = (accessKeyId, secretAccessKey, region, service);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Signs with an <c>Authorization</c> header. The time comes from the request's <c>X-Amz-Date</c> header, else its
    /// <c>Date</c> header, else the clock (an <c>X-Amz-Date</c> header is then added). Every header present is signed
    /// except Authorization, User-Agent, Expect and X-Amzn-Trace-Id; any existing Authorization header is replaced.
    /// </summary>
    public SigV4SignedRequest Sign(SigV4Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireHost(request);

        var headers = request.Headers
            .Where(h => !string.Equals(h.Key, SigV4Constants.AuthorizationHeader, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var rawDate = SigV4Time.RawRequestDate(headers, out var isAmzDate);
        DateTimeOffset time;
        if (rawDate is null)
        {
            time = SigV4Time.TruncateToSeconds(_clock.GetUtcNow());
            headers.Add(new("X-Amz-Date", SigV4Time.Format(time)));
        }
        else if (!SigV4Time.TryParseRequestDate(rawDate, isAmzDate, out time))
        {
            throw new FormatException($"Unparseable request date '{rawDate}'.");
        }

        var names = headers
            .Select(h => h.Key.ToLowerInvariant())
            .Where(n => !UnsignedHeaders.Contains(n))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', names);
        var scope = new SigV4Scope(SigV4Time.FormatDate(time), _region, _service);
        var unsigned = request with { Headers = headers };
        var computed = SigV4Computation.Compute(unsigned, names, signedHeaders, time, scope, _secretAccessKey, presigned: false);

        var authorization = $"{SigV4Constants.Algorithm} Credential={_accessKeyId}/{scope}, "
            + $"SignedHeaders={signedHeaders}, Signature={computed.Signature}";
        var signed = unsigned with { Headers = [.. headers, new("Authorization", authorization)] };
        return new SigV4SignedRequest(
            signed, computed.CanonicalRequest, computed.StringToSign, computed.Signature, signedHeaders, authorization);
    }

    /// <summary>
    /// Signs in the presigned query-string form, valid from now (the clock) for <paramref name="expiresIn"/>;
    /// only <c>host</c> is signed. The returned request's query string carries the X-Amz-* parameters.
    /// </summary>
    public SigV4SignedRequest Presign(SigV4Request request, TimeSpan expiresIn)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireHost(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(expiresIn, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expiresIn, TimeSpan.FromSeconds(SigV4Constants.MaxExpiresSeconds));

        var time = SigV4Time.TruncateToSeconds(_clock.GetUtcNow());
        var scope = new SigV4Scope(SigV4Time.FormatDate(time), _region, _service);
        string[] names = [SigV4Constants.HostHeader];
        var signedHeaders = SigV4Constants.HostHeader;

        var parameters = new[]
        {
            (SigV4Constants.AlgorithmParam, SigV4Constants.Algorithm),
            (SigV4Constants.CredentialParam, $"{_accessKeyId}/{scope}"),
            (SigV4Constants.DateParam, SigV4Time.Format(time)),
            (SigV4Constants.ExpiresParam, ((long)expiresIn.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            (SigV4Constants.SignedHeadersParam, signedHeaders),
        };
        var query = AppendQuery(request.QueryString, parameters);
        var unsigned = request with { QueryString = query };
        var computed = SigV4Computation.Compute(unsigned, names, signedHeaders, time, scope, _secretAccessKey, presigned: true);

        var signed = unsigned with { QueryString = AppendQuery(query, [(SigV4Constants.SignatureParam, computed.Signature)]) };
        return new SigV4SignedRequest(
            signed, computed.CanonicalRequest, computed.StringToSign, computed.Signature, signedHeaders, Authorization: null);
    }

    private static string AppendQuery(string query, IEnumerable<(string Name, string Value)> parameters)
    {
        var added = string.Join('&', parameters.Select(p => $"{SigV4Encoding.UriEncode(p.Name)}={SigV4Encoding.UriEncode(p.Value)}"));
        return query.Length == 0 ? added : $"{query}&{added}";
    }

    private static void RequireHost(SigV4Request request)
    {
        if (SigV4Headers.First(request.Headers, SigV4Constants.HostHeader) is null)
        {
            throw new ArgumentException("The request must have a Host header to be signed.", nameof(request));
        }
    }
}
