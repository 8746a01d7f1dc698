namespace Berth.Server.Edge;

/// <summary>The caller's address as <c>aws:SourceIp</c> reads it: IPv4 callers on a dual-stack socket as plain IPv4.</summary>
static class SourceAddress
{
    public static string? Of(HttpContext http) => http.Connection.RemoteIpAddress is { } ip
        ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
        : null;
}
