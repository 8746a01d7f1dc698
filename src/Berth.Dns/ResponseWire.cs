using System.Runtime.CompilerServices;
using ARSoft.Tools.Net.Dns;

namespace Berth.Dns;

/// <summary>
/// A response as UDP sends it: ARSoft's encoder (the same bytes its server writes), cut to what the client can take
/// the way its server cuts it — additional records go first (no TC: they are optional), then authority, answer and
/// question records from the end, with TC set so the client asks again over TCP.
/// </summary>
internal static class ResponseWire
{
    /// <summary>What a client without EDNS takes over UDP (RFC 1035).</summary>
    public const int ClassicUdpSize = 512;

    /// <summary>The encoder is internal to ARSoft (its server is the only caller); the version is pinned centrally and the wire tests call it.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Encode")]
    static extern DnsRawPackage EncodeRaw(DnsMessageBase message, byte[]? originalTsigMac);

    /// <summary>The message's bytes; a response to a signed query carries the query's MAC (as ARSoft's server passes it).</summary>
    public static ArraySegment<byte> Encode(DnsMessageBase message, byte[]? queryMac = null) => EncodeRaw(message, queryMac).ToArraySegment(false);

    /// <summary>The size the client offered: 512, or its EDNS size (already clamped by <see cref="Answers.Empty"/>) when both sides speak EDNS.</summary>
    public static int UdpLimit(DnsMessageBase query, DnsMessageBase response) =>
        query.IsEDnsEnabled && response.IsEDnsEnabled ? Math.Max(ClassicUdpSize, (int)response.EDnsOptions!.UdpPayloadSize) : ClassicUdpSize;

    /// <summary>The encoded response, truncated to <paramref name="limit"/> bytes when it is longer (rare: only then is it encoded more than once).</summary>
    public static ArraySegment<byte> EncodeForUdp(DnsMessage response, int limit)
    {
        var bytes = Encode(response);
        if (bytes.Count <= limit)
            return bytes;
        response.AdditionalRecords.RemoveAll(r => r.RecordType != RecordType.Opt);
        bytes = Encode(response);
        foreach (var section in new System.Collections.IList[] { response.AuthorityRecords, response.AnswerRecords, response.Questions })
        {
            while (bytes.Count > limit && section.Count > 0)
            {
                response.IsTruncated = true;
                // Cut as many as the excess holds at the average entry's size (an answer's records are alike), at least one.
                var entries = response.AuthorityRecords.Count + response.AnswerRecords.Count + response.Questions.Count;
                var average = Math.Max(1, (bytes.Count - HeaderLength) / entries);
                var cut = Math.Min(section.Count, Math.Max(1, (bytes.Count - limit + average - 1) / average));
                for (var i = 0; i < cut; i++)
                    section.RemoveAt(section.Count - 1);
                bytes = Encode(response);
            }
        }
        return bytes;
    }

    const int HeaderLength = 12;
}
