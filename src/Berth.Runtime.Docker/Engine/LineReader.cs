namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// Splits a byte stream on '\n' incrementally. A returned line (without its '\n') stays valid only
/// until the next call. A final line without a newline is returned at the end of the stream.
/// </summary>
internal sealed class LineReader
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;

    public LineReader(Stream stream, ReadOnlySpan<byte> prefix = default, int bufferSize = 16 * 1024)
    {
        _stream = stream;
        _buffer = new byte[Math.Max(bufferSize, prefix.Length * 2)];
        prefix.CopyTo(_buffer);
        _end = prefix.Length;
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _scanned + newline;
                var line = _buffer.AsMemory(_start, lineEnd - _start);
                _start = _scanned = lineEnd + 1;
                return line;
            }

            _scanned = _end;
            if (_start > 0)
            {
                // Compact: the previously returned line is no longer needed.
                var pending = _end - _start;
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
                _scanned -= _start;
                _start = 0;
                _end = pending;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end > _start)
                {
                    var last = _buffer.AsMemory(_start, _end - _start);
                    _start = _scanned = _end;
                    return last;
                }

                return null;
            }

            _end += read;
        }
    }
}
