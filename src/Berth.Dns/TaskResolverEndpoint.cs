using System.Net;

namespace Berth.Dns;

/// <summary>
/// Where the task resolver answers tasks, once it has bound: what each task's 169.254.169.253:53 is redirected to.
/// Null when it could not listen for tasks (turned off, or no address tasks reach); tasks then keep the engine's DNS.
/// </summary>
public sealed class TaskResolverEndpoint
{
    static readonly TimeSpan ListenerWait = TimeSpan.FromSeconds(20);

    readonly TaskCompletionSource<IPEndPoint?> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void SetListening(IPEndPoint? endpoint) => _listening.TrySetResult(endpoint);

    /// <summary>The endpoint, waiting (bounded) for the resolver to bind; throws when it does not in time, so the step is retried.</summary>
    public async Task<IPEndPoint?> WaitAsync(CancellationToken ct)
    {
        try
        {
            return await _listening.Task.WaitAsync(ListenerWait, ct);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("The task DNS resolver is not listening yet; see berthd's log (BERTH_DNS_PORT).");
        }
    }
}
