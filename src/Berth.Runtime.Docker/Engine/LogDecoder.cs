using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// Turns the body of GET /containers/{id}/logs?timestamps=1 into lines, incrementally.
/// <para>
/// Non-TTY containers answer the multiplexed format: frames of an 8-byte header
/// (<c>[stream, 0, 0, 0, size as big-endian uint32]</c>) and <c>size</c> bytes, one log message per
/// frame, each starting with an RFC3339Nano timestamp and a space. Frames may be split across reads;
/// a message longer than the engine's 16 KiB buffer arrives as several frames of which only the last
/// ends in '\n' — their timestamps are dropped and the text joined into one line.
/// </para>
/// <para>TTY containers answer the raw stream: timestamped lines ending in "\r\n", all on stdout.</para>
/// </summary>
internal static class LogDecoder
{
    private const int HeaderSize = 8;

    /// <param name="tty">True for a raw stream, false for a multiplexed one, null to detect from the first bytes.</param>
    public static async IAsyncEnumerable<LogLine> ReadAsync(Stream stream, bool? tty, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        var got = await stream.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            yield break;
        }

        if (tty ?? !LooksMultiplexed(header.AsSpan(0, got)))
        {
            var reader = new LineReader(stream, header.AsSpan(0, got));
            var last = default(DateTimeOffset);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                yield return ParseRawLine(line.Span, ref last);
            }

            yield break;
        }

        var stdout = new PendingLine(LogStream.Stdout);
        var stderr = new PendingLine(LogStream.Stderr);
        var completed = new List<LogLine>();
        var payload = new byte[16 * 1024];
        while (got == HeaderSize)
        {
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)), int.MaxValue);
            if (size > payload.Length)
            {
                payload = new byte[Math.Max(size, payload.Length * 2)];
            }

            var read = size == 0
                ? 0
                : await stream.ReadAtLeastAsync(payload.AsMemory(0, size), size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var target = header[0] == 2 ? stderr : stdout;
            target.Feed(payload.AsSpan(0, read), completed);
            foreach (var line in completed)
            {
                yield return line;
            }

            completed.Clear();
            if (read < size)
            {
                break;
            }

            got = await stream.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        // Final lines without a newline.
        var rest = new[] { stdout.Flush(), stderr.Flush() };
        foreach (var line in rest.OfType<LogLine>().OrderBy(l => l.Timestamp))
        {
            yield return line;
        }
    }

    /// <summary>A multiplexed stream starts with a header: stream 0–2 and three zero bytes. A raw
    /// stream with timestamps starts with the year's digits.</summary>
    internal static bool LooksMultiplexed(ReadOnlySpan<byte> start) =>
        start.Length >= HeaderSize && start[0] <= 2 && start[1] == 0 && start[2] == 0 && start[3] == 0;

    private static LogLine ParseRawLine(ReadOnlySpan<byte> line, ref DateTimeOffset last)
    {
        var text = TrimCarriageReturn(line);
        if (TryTakeTimestamp(ref text, out var timestamp))
        {
            last = timestamp;
        }

        return new LogLine(LogStream.Stdout, last, Encoding.UTF8.GetString(text));
    }

    /// <summary>Removes a leading "&lt;RFC3339Nano&gt; " from <paramref name="text"/> when present.</summary>
    internal static bool TryTakeTimestamp(ref ReadOnlySpan<byte> text, out DateTimeOffset timestamp)
    {
        var space = text[..Math.Min(text.Length, 41)].IndexOf((byte)' ');
        if (space >= 20 && EngineTime.TryParse(text[..space], out timestamp))
        {
            text = text[(space + 1)..];
            return true;
        }

        timestamp = default;
        return false;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>The unfinished line of one stream.</summary>
    private sealed class PendingLine(LogStream stream)
    {
        private readonly ArrayBufferWriter<byte> _text = new(256);
        private bool _open;
        private DateTimeOffset _timestamp;
        private DateTimeOffset _last;

        public void Feed(ReadOnlySpan<byte> frame, List<LogLine> completed)
        {
            var frameStart = true;
            while (!frame.IsEmpty)
            {
                if (!_open)
                {
                    _timestamp = TryTakeTimestamp(ref frame, out var timestamp) ? timestamp : _last;
                    _open = true;
                }
                else if (frameStart)
                {
                    // The next part of a long message: it carries its own timestamp, which we drop.
                    TryTakeTimestamp(ref frame, out _);
                }

                frameStart = false;
                var newline = frame.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    _text.Write(frame);
                    return;
                }

                _text.Write(frame[..newline]);
                completed.Add(Complete());
                frame = frame[(newline + 1)..];
            }
        }

        public LogLine? Flush() => _open ? Complete() : null;

        private LogLine Complete()
        {
            var line = new LogLine(stream, _timestamp, Encoding.UTF8.GetString(TrimCarriageReturn(_text.WrittenSpan)));
            _text.ResetWrittenCount();
            _open = false;
            _last = _timestamp;
            return line;
        }
    }
}
