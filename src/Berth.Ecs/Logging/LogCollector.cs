using System.Threading.Channels;
using Berth.Ecs.Runtime;
using Berth.Logs;
using Microsoft.Extensions.Logging;

namespace Berth.Ecs.Logging;

/// <summary>
/// Copies each container's stdout/stderr into its awslogs stream (<c>prefix/container/task-id</c>) while the
/// container runs. After a restart it resumes after the last event already stored, so nothing is copied twice.
/// </summary>
public sealed partial class LogCollector(ILogStore store, IContainerRuntime runtime, ILogger<LogCollector> log)
{
    readonly Dictionary<string, Task> _pumps = [];
    readonly HashSet<string> _finished = [];

    /// <summary>Starts copying the container's output unless that is already under way.</summary>
    public void EnsureCollecting(string runtimeId, string group, string stream, CancellationToken stopping)
    {
        lock (_pumps)
        {
            if (!_pumps.ContainsKey(runtimeId) && !_finished.Contains(runtimeId))
                _pumps[runtimeId] = Task.Run(() => PumpAsync(runtimeId, group, stream, stopping), CancellationToken.None);
        }
    }

    /// <summary>Completes when the copy for that container (if any) has finished: it exited and its output is stored.</summary>
    public Task DrainedAsync(string runtimeId)
    {
        lock (_pumps)
            return _pumps.TryGetValue(runtimeId, out var t) ? t : Task.CompletedTask;
    }

    async Task PumpAsync(string runtimeId, string group, string stream, CancellationToken ct)
    {
        try
        {
            // As the awslogs driver does, the stream exists from the container's start, output or not.
            await store.CreateStreamAsync(group, stream, ct);
            var streams = await store.ListStreamsAsync(group, stream, false, false, 0, 1, ct);
            var last = streams.FirstOrDefault(s => s.LogStreamName == stream)?.LastEventTimestamp;
            var since = last is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
            var lines = Channel.CreateBounded<InputLogEvent>(new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true });
            var writer = WriteAsync(lines.Reader, group, stream, ct);
            try
            {
                await foreach (var line in runtime.ReadOutputAsync(runtimeId, since, follow: true, ct))
                {
                    var ts = line.Timestamp.ToUnixTimeMilliseconds();
                    if (last is { } l && ts <= l)
                        continue;
                    await lines.Writer.WriteAsync(new InputLogEvent(ts, line.Text), ct);
                }
            }
            finally
            {
                lines.Writer.TryComplete();
                await writer;
            }
            // The follow ended: the container has exited and all its output is stored.
            lock (_pumps)
                _finished.Add(runtimeId);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogCopyFailed(log, e, runtimeId, group, stream);
        }
        finally
        {
            lock (_pumps)
                _pumps.Remove(runtimeId);
        }
    }

    async Task WriteAsync(ChannelReader<InputLogEvent> reader, string group, string stream, CancellationToken ct)
    {
        var batch = new List<InputLogEvent>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 1000 && reader.TryRead(out var e))
                batch.Add(e);
            await store.AppendAsync(group, stream, batch, CancellationToken.None);
            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copying output of container {RuntimeId} to {Group}/{Stream} failed")]
    static partial void LogCopyFailed(ILogger logger, Exception e, string runtimeId, string group, string stream);
}
