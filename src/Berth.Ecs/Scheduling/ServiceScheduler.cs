using Berth.Kernel.Controllers;
using Berth.Kernel.Observability;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Ecs.Scheduling;

/// <summary>
/// The service scheduler: a level-triggered loop that reconciles every ACTIVE or DRAINING service against
/// its tasks and target groups, every second and whenever the API changes something. All it knows lives
/// in the store, so a restarted process carries on where the last one stopped.
/// </summary>
public sealed partial class ServiceScheduler(IStateStore store, ServiceReconciler reconciler, TimeProvider clock, ILogger<ServiceScheduler> log) : IController
{
    readonly ControllerLoop _loop = new("service-scheduler", clock, log);

    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Inactive services are forgotten after this long, as ECS forgets them.</summary>
    public TimeSpan InactiveRetention { get; init; } = TimeSpan.FromHours(1);

    public void Notify() => _loop.Notify();

    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(ResyncInterval, PassAsync, ct);

    /// <summary>
    /// One pass over every service; a failure in one service is logged and does not hold up the others (a failure to
    /// list them fails the pass, which the loop logs and retries).
    /// </summary>
    public async Task PassAsync(CancellationToken ct)
    {
        var services = await store.ListAsync(EcsKinds.Services, new StoreQuery(), ct);
        foreach (var s in services)
        {
            try
            {
                if (s.Value.Service.Status == "INACTIVE")
                    await ForgetIfExpiredAsync(s, ct);
                else
                    await reconciler.ReconcileAsync(s, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ConcurrencyConflictException)
            {
                // The API changed the service meanwhile: the next pass sees the new version.
            }
            catch (Exception e)
            {
                ControllerMetrics.RecordError("service-scheduler");
                LogServiceFailed(log, s.Value.Service.ServiceArn, e);
            }
        }
    }

    async Task ForgetIfExpiredAsync(Stored<Model.ServiceRecord> s, CancellationToken ct)
    {
        var last = s.Value.Service.Events.FirstOrDefault()?.CreatedAt ?? s.Value.Service.CreatedAt ?? DateTimeOffset.MinValue;
        if (clock.GetUtcNow() - last > InactiveRetention)
            await store.CommitAsync(StoreWrite.Delete(EcsKinds.Services, EcsKinds.Services.Id(s.Value), s.Version), ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling service {ServiceArn} failed")]
    static partial void LogServiceFailed(ILogger logger, string? serviceArn, Exception e);
}
