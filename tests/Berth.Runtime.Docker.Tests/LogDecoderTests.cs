using System.Buffers.Binary;
using System.Text;
using Berth.Runtime.Docker.Engine;

namespace Berth.Runtime.Docker.Tests;

/// <summary>The log stream decoder against hand-made engine streams (no engine needed).</summary>
public sealed class LogDecoderTests
{
    private const string T1 = "2024-05-01T10:00:00.123456789Z";
    private const string T2 = "2024-05-01T10:00:01.000000001Z";
    private const string T3 = "2024-05-01T10:00:02.5Z";

    private static byte[] Frame(int stream, string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        var frame = new byte[8 + data.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)data.Length);
        data.CopyTo(frame, 8);
        return frame;
    }

    private static async Task<List<LogLine>> DecodeAsync(byte[] body, int chunk, bool? tty = null)
    {
        var lines = new List<LogLine>();
        await foreach (var line in LogDecoder.ReadAsync(new ChunkedStream(body, chunk), tty, CancellationToken.None))
        {
            lines.Add(line);
        }

        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(4096)]
    public async Task Multiplexed_FramesSplitAcrossReads_AreDemultiplexed(int chunk)
    {
        byte[] body = [
            .. Frame(1, $"{T1} out one\n"),
            .. Frame(2, $"{T2} err one\n"),
            .. Frame(1, $"{T3} out two\n"),
        ];

        var lines = await DecodeAsync(body, chunk);

        Assert.Equal(
            [
                new LogLine(LogStream.Stdout, DateTimeOffset.Parse("2024-05-01T10:00:00.1234567Z"), "out one"),
                new LogLine(LogStream.Stderr, DateTimeOffset.Parse("2024-05-01T10:00:01Z"), "err one"),
                new LogLine(LogStream.Stdout, DateTimeOffset.Parse("2024-05-01T10:00:02.5Z"), "out two"),
            ],
            lines);
    }

    [Fact]
    public async Task Multiplexed_LongMessageSplitIntoPartialFrames_IsJoinedWithFirstTimestamp()
    {
        var part = new string('x', 16 * 1024);
        byte[] body = [
            .. Frame(1, $"{T1} {part}"),
            .. Frame(2, $"{T2} interleaved\n"),
            .. Frame(1, $"{T2} {part}"),
            .. Frame(1, $"{T3} end\n"),
        ];

        var lines = await DecodeAsync(body, 1000);

        Assert.Equal(2, lines.Count);
        Assert.Equal(new LogLine(LogStream.Stderr, DateTimeOffset.Parse("2024-05-01T10:00:01Z"), "interleaved"), lines[0]);
        Assert.Equal(LogStream.Stdout, lines[1].Stream);
        Assert.Equal(part + part + "end", lines[1].Text);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T10:00:00.1234567Z"), lines[1].Timestamp);
    }

    [Fact]
    public async Task Multiplexed_FinalLinesWithoutNewline_AreYieldedAtEnd()
    {
        byte[] body = [.. Frame(1, $"{T1} done\n"), .. Frame(2, $"{T2} no newline err"), .. Frame(1, $"{T3} no newline out")];

        var lines = await DecodeAsync(body, 5);

        Assert.Equal(["done", "no newline err", "no newline out"], lines.Select(l => l.Text));
        Assert.Equal([LogStream.Stdout, LogStream.Stderr, LogStream.Stdout], lines.Select(l => l.Stream));
    }

    [Fact]
    public async Task Multiplexed_MultiByteCharactersSplitAcrossFrames_DecodeIntact()
    {
        var text = Encoding.UTF8.GetBytes("héllo ✓");
        var first = Frame(1, $"{T1} ");
        byte[] body = [.. first[..8], .. first[8..], .. text[..2]];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), (uint)(first.Length - 8 + 2));
        var second = Encoding.UTF8.GetBytes($"{T2} ").Concat(text[2..]).Concat("\n"u8.ToArray()).ToArray();
        byte[] secondFrame = [1, 0, 0, 0, 0, 0, 0, 0, .. second];
        BinaryPrimitives.WriteUInt32BigEndian(secondFrame.AsSpan(4), (uint)second.Length);

        var lines = await DecodeAsync([.. body, .. secondFrame], 1);

        Assert.Equal("héllo ✓", Assert.Single(lines).Text);
    }

    [Fact]
    public async Task Multiplexed_SeveralLinesInOneFrame_AreSplit()
    {
        var lines = await DecodeAsync(Frame(1, $"{T1} a\r\n{T2} b\nno-timestamp\n"), 64);

        Assert.Equal(["a", "b", "no-timestamp"], lines.Select(l => l.Text));
        Assert.Equal(lines[1].Timestamp, lines[2].Timestamp);
    }

    [Fact]
    public async Task Multiplexed_EmptyAndTruncatedStreams_EndCleanly()
    {
        Assert.Empty(await DecodeAsync([], 10, tty: false));
        var frame = Frame(1, $"{T1} cut short\n");

        var lines = await DecodeAsync(frame[..^4], 3, tty: false);

        Assert.Equal("cut sh", Assert.Single(lines).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    public async Task Raw_TtyStream_IsSplitOnLinesWithCarriageReturnsRemoved(bool? tty)
    {
        var body = Encoding.UTF8.GetBytes($"{T1} one\r\n{T2} two\r\n{T3} three");

        var lines = await DecodeAsync(body, 4, tty);

        Assert.Equal(
            [
                new LogLine(LogStream.Stdout, DateTimeOffset.Parse("2024-05-01T10:00:00.1234567Z"), "one"),
                new LogLine(LogStream.Stdout, DateTimeOffset.Parse("2024-05-01T10:00:01Z"), "two"),
                new LogLine(LogStream.Stdout, DateTimeOffset.Parse("2024-05-01T10:00:02.5Z"), "three"),
            ],
            lines);
    }

    [Fact]
    public async Task Raw_VeryLongLine_IsReturnedWhole()
    {
        var text = new string('y', 200_000);

        var lines = await DecodeAsync(Encoding.UTF8.GetBytes($"{T1} {text}\n"), 8192, tty: true);

        Assert.Equal(text, Assert.Single(lines).Text);
    }

    [Fact]
    public void LooksMultiplexed_DistinguishesHeaderFromTimestamp()
    {
        Assert.True(LogDecoder.LooksMultiplexed([1, 0, 0, 0, 0, 0, 0, 5]));
        Assert.True(LogDecoder.LooksMultiplexed([2, 0, 0, 0, 0, 1, 0, 0]));
        Assert.False(LogDecoder.LooksMultiplexed("2024-05-"u8));
        Assert.False(LogDecoder.LooksMultiplexed([1, 0, 0]));
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, like a slow socket.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }
}
