using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Berth.Runtime.Docker.Engine;

/// <summary>/events.</summary>
public sealed class EventsApi
{
    private readonly EngineTransport _transport;

    internal EventsApi(EngineTransport transport) => _transport = transport;

    /// <summary>
    /// GET /events?filters=..&amp;since=..: the engine's event stream, parsed one object per line as
    /// it arrives. Runs until <paramref name="cancellationToken"/> is cancelled (which ends the
    /// enumeration with <see cref="OperationCanceledException"/>) or the engine closes the stream.
    /// With <paramref name="since"/>, past events from that time are replayed first.
    /// </summary>
    /// <param name="filters">e.g. <c>{"type": ["container"], "label": ["berth.cluster=x"], "event": ["start", "die"]}</c>.</param>
    public async IAsyncEnumerable<EngineEvent> StreamAsync(
        IDictionary<string, string[]>? filters,
        DateTimeOffset? since,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var uri = new Query("events")
            .AddFilters(filters)
            .Add("since", since is { } time ? Query.UnixTime(time) : null);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Get, uri, null, cancellationToken, streamResponse: true).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var reader = new LineReader(stream);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                var evt = Parse(line.Span);
                if (evt is not null)
                {
                    yield return evt;
                }
            }
        }
    }

    private static EngineEvent? Parse(ReadOnlySpan<byte> line)
    {
        line = line.Trim(" \t\r"u8);
        return line.IsEmpty ? null : JsonSerializer.Deserialize(line, EngineJsonContext.Default.EngineEvent);
    }
}
