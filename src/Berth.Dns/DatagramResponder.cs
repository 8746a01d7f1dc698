using System.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;

namespace Berth.Dns;

/// <summary>
/// One UDP datagram in, the datagram to send back (or none) out, with the guard ARSoft's server had in front of it:
/// a client over its rate is dropped before any parsing (no answer to amplify), as is anything that is not a query
/// (a response sent to us, a runt: two servers must not answer each other forever), asks nothing, or does not parse. Answers the
/// resolver has at once — Cloud Map's names, from memory — are encoded on the caller's thread; only a question the
/// resolver must wait for (a forward upstream) completes later. No exception escapes.
/// </summary>
internal sealed class DatagramResponder(TaskResolver resolver, ClientBudget budget, Action<Exception> onError, CancellationToken stopping)
{
    const int HeaderLength = 12;

    /// <summary>
    /// The answer to <paramref name="datagram"/> from <paramref name="client"/>; empty for none. The datagram is read
    /// before this returns, so the caller may reuse its buffer at once.
    /// </summary>
    public ValueTask<ArraySegment<byte>> AnswerAsync(ArraySegment<byte> datagram, IPAddress client)
    {
        if (!budget.TryQuery(client) || datagram.Count < HeaderLength || (datagram[2] & 0x80) != 0 || (datagram[4] | datagram[5]) == 0)
            return default; // over the rate, a runt, a response, or no question (nothing to answer: a FORMERR would only be reflected)
        if ((OperationCode)((datagram[2] >> 3) & 0x0f) == OperationCode.Update)
            return new(RefuseUpdate(datagram));
        DnsMessage query;
        try
        {
            query = DnsMessage.Parse(datagram);
        }
        catch (Exception)
        {
            return default; // unparsable: no answer, as before
        }
        if (query.TSigOptions is { } tsig)
            return new(Unsigned(query, tsig));
        Task<DnsMessage> answering;
        try
        {
            answering = resolver.AnswerAsync(query, client, stopping);
        }
        catch (Exception e)
        {
            answering = Task.FromException<DnsMessage>(e);
        }
        return answering.IsCompletedSuccessfully ? new(Udp(query, answering.Result)) : new(LaterAsync(query, answering));
    }

    async Task<ArraySegment<byte>> LaterAsync(DnsMessage query, Task<DnsMessage> answering)
    {
        DnsMessage response;
        try
        {
            response = await answering.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return default; // the resolver is stopping
        }
        catch (Exception e)
        {
            onError(e);
            response = Answers.Empty(query, ReturnCode.ServerFailure);
        }
        return Udp(query, response);
    }

    ArraySegment<byte> Udp(DnsMessage query, DnsMessage response)
    {
        try
        {
            return ResponseWire.EncodeForUdp(response, ResponseWire.UdpLimit(query, response));
        }
        catch (Exception e)
        {
            onError(e);
            return default;
        }
    }

    /// <summary>Dynamic updates are refused (as ARSoft's server was told to); unparsable ones get nothing.</summary>
    ArraySegment<byte> RefuseUpdate(ArraySegment<byte> datagram)
    {
        try
        {
            var response = DnsUpdateMessage.Parse([.. datagram]).CreateResponseInstance();
            response.ReturnCode = ReturnCode.Refused;
            return ResponseWire.Encode(response);
        }
        catch (Exception)
        {
            return default;
        }
    }

    /// <summary>
    /// A signed query: there are no keys, so the signature cannot be checked; NOTAUTH with the TSIG error, as ARSoft's
    /// server answers (FORMERR for a malformed signature).
    /// </summary>
    ArraySegment<byte> Unsigned(DnsMessage query, TSigRecord tsig)
    {
        try
        {
            var response = Answers.Empty(query, tsig.ValidationResult == ReturnCode.FormatError ? ReturnCode.FormatError : ReturnCode.NotAuthoritive);
            if (tsig.ValidationResult != ReturnCode.FormatError)
                response.TSigOptions = new TSigRecord(tsig.Name, tsig.Algorithm, tsig.TimeSigned, tsig.Fudge, tsig.OriginalID, tsig.ValidationResult, null, null);
            return ResponseWire.Encode(response, tsig.Mac);
        }
        catch (Exception e)
        {
            onError(e);
            return default;
        }
    }
}
