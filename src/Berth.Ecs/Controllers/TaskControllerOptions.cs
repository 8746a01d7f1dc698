namespace Berth.Ecs.Controllers;

public sealed class TaskControllerOptions
{
    /// <summary>How often the controller re-reads all tasks, besides the engine's events.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a STOPPED task stays describable before it and its containers are removed.</summary>
    public TimeSpan StoppedRetention { get; set; } = TimeSpan.FromHours(1);
}
