namespace Berth.Ecs.Controllers;

/// <summary>Tells whoever drives tasks that one task's desired state changed, so it acts now rather than at its next resync.</summary>
public interface ITaskWaker
{
    void Notify(string taskId);
}
