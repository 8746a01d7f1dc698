namespace Berth.Kernel.Controllers;

/// <summary>
/// When a <see cref="ControllerLoop"/> runs its next pass: after a wait (cut short by a notify), at once, or never
/// (the loop is done). <c>default</c> is <see cref="Done"/>.
/// </summary>
public readonly record struct NextPass
{
    NextPass(TimeSpan wait) => Wait = wait;

    /// <summary>How long to wait before the next pass; null when there is none.</summary>
    public TimeSpan? Wait { get; }

    public bool IsDone => Wait is null;

    public static NextPass In(TimeSpan wait) => new(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);

    public static NextPass Now => new(TimeSpan.Zero);

    public static NextPass Done => default;

    public override string ToString() => Wait is { } w ? $"in {w}" : "done";
}
