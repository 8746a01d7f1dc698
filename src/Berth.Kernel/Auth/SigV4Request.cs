namespace Berth.Kernel.Auth;

/// <summary>
/// The parts of an HTTP request that take part in an AWS Signature Version 4 signature.
/// </summary>
/// <param name="Method">HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Path">Raw request path as on the wire (still percent-encoded), e.g. <c>/</c>.</param>
/// <param name="QueryString">Raw query string as on the wire, without the leading <c>?</c>; empty if none.</param>
/// <param name="Headers">Headers as received; a name may occur more than once.</param>
/// <param name="Body">Request body bytes (empty if none).</param>
public sealed record SigV4Request(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body);
